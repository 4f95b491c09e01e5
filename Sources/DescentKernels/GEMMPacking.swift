/// The copies around `SwiftGEMM`'s micro-kernel: packing op(A) and op(B) into the panel order
/// the kernel reads, zero-padded to whole tiles, and the β scaling of C.
public enum GEMMPacking {
    /// Packs op(B)[rows, columns] panel by panel (only `panels`) into panels of width `nr`,
    /// each stored k-major: panel jp holds op(B)[p, jp·nr + j] at jp·nr·kb + p·nr + j.
    public static func packB(
        _ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, rows: Range<Int>, columns: Range<Int>,
        panels: Range<Int>, nr: Int, into packed: UnsafeMutablePointer<Float>
    ) {
        let kb = rows.count
        for jp in panels {
            let panel = packed + jp * nr * kb
            let first = columns.lowerBound + jp * nr
            let width = min(nr, columns.upperBound - first)
            if transposed {
                // op(B)[p, j] = b[j·ldb + p]: read each stored row once, write with stride nr.
                for j in 0..<width {
                    let source = b + (first + j) * ldb + rows.lowerBound
                    for p in 0..<kb { panel[p * nr + j] = source[p] }
                }
                for p in 0..<kb { (panel + p * nr + width).update(repeating: 0, count: nr - width) }
            } else {
                for p in 0..<kb {
                    let row = panel + p * nr
                    row.update(from: b + (rows.lowerBound + p) * ldb + first, count: width)
                    (row + width).update(repeating: 0, count: nr - width)
                }
            }
        }
    }

    /// Packs op(A)[rows, columns] into panels of height `mr`, each stored k-major: panel ip
    /// holds op(A)[ip·mr + i, p] at ip·mr·kb + p·mr + i.
    static func packA(
        _ a: UnsafePointer<Float>, lda: Int, transposed: Bool, rows: Range<Int>, columns: Range<Int>,
        mr: Int, into packed: UnsafeMutablePointer<Float>
    ) {
        let kb = columns.count
        let panels = (rows.count + mr - 1) / mr
        for ip in 0..<panels {
            let panel = packed + ip * mr * kb
            let first = rows.lowerBound + ip * mr
            let height = min(mr, rows.upperBound - first)
            if transposed {
                // op(A)[i, p] = a[p·lda + i]: each step's mr values are contiguous.
                for p in 0..<kb {
                    let step = panel + p * mr
                    step.update(from: a + (columns.lowerBound + p) * lda + first, count: height)
                    (step + height).update(repeating: 0, count: mr - height)
                }
            } else {
                for i in 0..<height {
                    let source = a + (first + i) * lda + columns.lowerBound
                    for p in 0..<kb { panel[p * mr + i] = source[p] }
                }
                for p in 0..<kb { (panel + p * mr + height).update(repeating: 0, count: mr - height) }
            }
        }
    }

    /// C ← β·C; with β = 0 the old contents are overwritten, not multiplied (NaN must not survive).
    static func scale(_ c: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ldc: Int, by beta: Float) {
        guard beta != 1 else { return }
        for i in 0..<rows {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: columns)
            } else {
                for j in 0..<columns { row[j] *= beta }
            }
        }
    }
}
