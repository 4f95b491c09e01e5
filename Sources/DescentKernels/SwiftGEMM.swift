/// The pure-Swift SGEMM used when no BLAS library loads: the Goto/BLIS blocking scheme.
///
/// Goals, in priority order: exact CBLAS semantics on every shape (tiny, empty, non-multiples of
/// the blocks, transposed operands, β = 0 ignoring NaN in C); then the same bits whatever the
/// thread count; then speed. B is packed into `kc × nr` column panels and A into `mr × kc` row
/// panels, both zero-padded, so the micro-kernel (see `GEMMKernel`, chosen for the CPU) runs
/// without bounds checks. Edge tiles go through a scratch tile and are added to C afterwards.
///
/// Row blocks and column-panel groups run in parallel. Every element of C is summed by one
/// kernel call per depth block, in the same order, and updated C ← C + α·sum block after block
/// (`pc` ascending); how rows and columns are split among threads never changes that.
public enum SwiftGEMM {
    /// Column block (nc): the packed kc×nc block of B is shared by all threads.
    static let columnBlock = 4096

    /// C ← α·op(A)·op(B) + β·C, the CBLAS row-major contract of `Backend.sgemm`, with `kernel`.
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
        kernel: GEMMKernel = .selected
    ) {
        sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
              a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
              kernel: kernel, threads: ThreadPool.threadCount)
    }

    /// `sgemm` splitting the work as if there were `threads` threads (tests vary it).
    static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
        kernel: GEMMKernel, threads: Int
    ) {
        precondition(kernel.isSupported, "SwiftGEMM.sgemm: kernel \(kernel) needs an instruction set this CPU lacks")
        guard m > 0, n > 0 else { return }
        GEMMPacking.scale(c, rows: m, columns: n, ldc: ldc, by: beta)
        guard k > 0, alpha != 0 else { return }

        let (nr, kc) = (kernel.columns, kernel.depthBlock)
        let nc = min(columnBlock, n)
        let packedB = UnsafeMutablePointer<Float>.allocate(capacity: kc * ((nc + nr - 1) / nr * nr))
        defer { packedB.deallocate() }
        for jc in stride(from: 0, to: n, by: nc) {
            let columns = jc..<min(n, jc + nc)
            let panels = (columns.count + nr - 1) / nr
            for pc in stride(from: 0, to: k, by: kc) {
                let depth = pc..<min(k, pc + kc)
                let parallel = m * columns.count * depth.count >= 1 << 15 && threads > 1
                let parts = parallel ? min(threads, panels) : 1
                ThreadPool.parallelFor(parts) { part in
                    let share = (panels + parts - 1) / parts
                    let group = min(panels, part * share)..<min(panels, (part + 1) * share)
                    GEMMPacking.packB(b, ldb: ldb, transposed: transposeB, rows: depth, columns: columns,
                                      panels: group, nr: nr, into: packedB)
                }
                let split = WorkSplit(m: m, panels: panels, kernel: kernel, threads: parallel ? threads : 1)
                let runTask: (Int) -> Void = { task in
                    let (rows, group) = split.task(task, m: m)
                    multiplyBlock(a: a, lda: lda, transposeA: transposeA, rows: rows, depth: depth,
                                  packedB: packedB, panels: group, columnStart: jc, n: n,
                                  alpha: alpha, c: c, ldc: ldc, kernel: kernel)
                }
                if parallel {
                    ThreadPool.parallelFor(split.tasks, runTask)
                } else {
                    for task in 0..<split.tasks { runTask(task) }
                }
            }
        }
    }

    /// Multiplies one row block of op(A) by the given column panels of packed B into C.
    private static func multiplyBlock(
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool, rows: Range<Int>, depth: Range<Int>,
        packedB: UnsafePointer<Float>, panels: Range<Int>, columnStart: Int, n: Int,
        alpha: Float, c: UnsafeMutablePointer<Float>, ldc: Int, kernel: GEMMKernel
    ) {
        guard !panels.isEmpty, !rows.isEmpty else { return }
        let (mr, nr, kb) = (kernel.rows, kernel.columns, depth.count)
        let rowPanels = (rows.count + mr - 1) / mr
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: rowPanels * mr * kb)
        defer { packedA.deallocate() }
        GEMMPacking.packA(a, lda: lda, transposed: transposeA, rows: rows, columns: depth, mr: mr, into: packedA)
        for jp in panels {
            let column = columnStart + jp * nr
            for ip in 0..<rowPanels {
                let row = rows.lowerBound + ip * mr
                kernel.multiplyTile(depth: kb, a: packedA + ip * mr * kb, b: packedB + jp * nr * kb,
                                    c: c + row * ldc + column, ldc: ldc,
                                    height: min(mr, rows.upperBound - row), width: min(nr, n - column), alpha: alpha)
            }
        }
    }
}
