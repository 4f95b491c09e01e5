/// The pure-Swift SGEMM used when no BLAS library loads: the Goto/BLIS blocking scheme.
///
/// Goals, in priority order: exact CBLAS semantics on every shape (tiny, empty, non-multiples of
/// the blocks, transposed operands, β = 0 ignoring NaN in C); then speed. B is packed into
/// `kc × nr` column panels and A into `mr × kc` row panels, both zero-padded, so the 4×16
/// micro-kernel runs without bounds checks and edge tiles are handled only when written back.
/// Row blocks and column-panel groups run in parallel; each output element is computed by exactly
/// one task with the same summation order, so results do not depend on the thread count.
public enum SwiftGEMM {
    static let mr = 4, nr = 16
    static let kc = 256, mc = 64, nc = 4096

    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        scale(c, rows: m, columns: n, ldc: ldc, by: beta)
        guard k > 0, alpha != 0 else { return }

        let packedB = UnsafeMutablePointer<Float>.allocate(capacity: kc * roundUp(min(nc, n), nr))
        defer { packedB.deallocate() }
        for jc in stride(from: 0, to: n, by: nc) {
            let nb = min(nc, n - jc)
            let panels = (nb + nr - 1) / nr
            for pc in stride(from: 0, to: k, by: kc) {
                let kb = min(kc, k - pc)
                packB(b, ldb: ldb, transposed: transposeB, rows: pc..<(pc + kb), columns: jc..<(jc + nb), into: packedB)
                let rowBlocks = (m + mc - 1) / mc
                let work = m * nb * kb
                let columnGroups = work < 1 << 15 ? 1 : max(1, min(panels, ThreadPool.threadCount / rowBlocks))
                let groupSize = (panels + columnGroups - 1) / columnGroups
                let tasks = work < 1 << 15 ? 1 : rowBlocks * columnGroups
                let runTask: (Int) -> Void = { task in
                    let blocks = tasks == 1 ? 0..<rowBlocks : (task / columnGroups)..<(task / columnGroups + 1)
                    let group = tasks == 1 ? 0..<panels : (task % columnGroups * groupSize)..<min(panels, (task % columnGroups + 1) * groupSize)
                    for block in blocks {
                        let ic = block * mc
                        let mb = min(mc, m - ic)
                        multiplyBlock(a: a, lda: lda, transposeA: transposeA, rows: ic..<(ic + mb), depth: pc..<(pc + kb),
                                      packedB: packedB, panels: group, columnStart: jc, n: n,
                                      alpha: alpha, c: c, ldc: ldc)
                    }
                }
                ThreadPool.parallelFor(tasks, runTask)
            }
        }
    }

    /// Multiplies one row block of op(A) by the given column panels of packed B into C.
    private static func multiplyBlock(
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool, rows: Range<Int>, depth: Range<Int>,
        packedB: UnsafePointer<Float>, panels: Range<Int>, columnStart: Int, n: Int,
        alpha: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard !panels.isEmpty else { return }
        let kb = depth.count
        let rowPanels = (rows.count + mr - 1) / mr
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: rowPanels * mr * kb)
        defer { packedA.deallocate() }
        packA(a, lda: lda, transposed: transposeA, rows: rows, columns: depth, into: packedA)
        for jp in panels {
            let column = columnStart + jp * nr
            let columns = min(nr, n - column)
            for ip in 0..<rowPanels {
                let row = rows.lowerBound + ip * mr
                microKernel(kb, packedA + ip * mr * kb, packedB + jp * nr * kb,
                            c + row * ldc + column, ldc: ldc,
                            rows: min(mr, rows.upperBound - row), columns: columns, alpha: alpha)
            }
        }
    }

    /// C[0..<rows, 0..<columns] += α · (4×kb panel of A) · (kb×16 panel of B).
    @inline(__always)
    private static func microKernel(
        _ kb: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, alpha: Float
    ) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
        var ap = a, bp = UnsafeRawPointer(b)
        for _ in 0..<kb {
            let bv = bp.loadUnaligned(as: SIMD16<Float>.self)
            c0 += bv * ap[0]
            c1 += bv * ap[1]
            c2 += bv * ap[2]
            c3 += bv * ap[3]
            ap += 4
            bp += 16 * MemoryLayout<Float>.stride
        }
        if rows == mr && columns == nr {
            store(c0, alpha, into: c)
            store(c1, alpha, into: c + ldc)
            store(c2, alpha, into: c + 2 * ldc)
            store(c3, alpha, into: c + 3 * ldc)
        } else {
            for j in 0..<columns {
                c[j] += alpha * c0[j]
                if rows > 1 { c[ldc + j] += alpha * c1[j] }
                if rows > 2 { c[2 * ldc + j] += alpha * c2[j] }
                if rows > 3 { c[3 * ldc + j] += alpha * c3[j] }
            }
        }
    }

    /// row[0..<16] += α·accumulator
    @inline(__always)
    private static func store(_ accumulator: SIMD16<Float>, _ alpha: Float, into row: UnsafeMutablePointer<Float>) {
        let destination = UnsafeMutableRawPointer(row)
        let sum = destination.loadUnaligned(as: SIMD16<Float>.self) + alpha * accumulator
        destination.storeBytes(of: sum, as: SIMD16<Float>.self)
    }

    /// Packs op(B)[rows, columns] into column panels of width `nr`, each stored k-major, zero-padded.
    private static func packB(
        _ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, rows: Range<Int>, columns: Range<Int>,
        into packed: UnsafeMutablePointer<Float>
    ) {
        let kb = rows.count
        let panels = (columns.count + nr - 1) / nr
        for jp in 0..<panels {
            let panel = packed + jp * nr * kb
            let first = columns.lowerBound + jp * nr
            let width = min(nr, columns.upperBound - first)
            for p in 0..<kb {
                let k = rows.lowerBound + p
                let row = panel + p * nr
                if transposed {
                    for j in 0..<width { row[j] = b[(first + j) * ldb + k] }
                } else {
                    let source = b + k * ldb + first
                    for j in 0..<width { row[j] = source[j] }
                }
                for j in width..<nr { row[j] = 0 }
            }
        }
    }

    /// Packs op(A)[rows, columns] into row panels of height `mr`, each stored k-major, zero-padded.
    private static func packA(
        _ a: UnsafePointer<Float>, lda: Int, transposed: Bool, rows: Range<Int>, columns: Range<Int>,
        into packed: UnsafeMutablePointer<Float>
    ) {
        let kb = columns.count
        let panels = (rows.count + mr - 1) / mr
        for ip in 0..<panels {
            let panel = packed + ip * mr * kb
            let first = rows.lowerBound + ip * mr
            let height = min(mr, rows.upperBound - first)
            for p in 0..<kb {
                let k = columns.lowerBound + p
                for i in 0..<mr {
                    panel[p * mr + i] = i < height
                        ? (transposed ? a[k * lda + first + i] : a[(first + i) * lda + k]) : 0
                }
            }
        }
    }

    /// C ← β·C; with β = 0 the old contents are overwritten, not multiplied (NaN must not survive).
    private static func scale(_ c: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ldc: Int, by beta: Float) {
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

    private static func roundUp(_ value: Int, _ multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }
}
