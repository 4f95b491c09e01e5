/// The boundary between Descent and the machine: every kernel that is worth a device of its own
/// goes through a `Backend`. The CPU backend is the only one today; a CUDA backend can come the
/// same way, loaded at run time, without touching layers or optimizers.
public protocol Backend: AnyObject {
    /// A short human-readable name, e.g. `"cpu (openblas: libopenblas.so.0)"`.
    var name: String { get }

    /// Row-major single-precision GEMM, the CBLAS contract:
    ///
    ///     C ← α·op(A)·op(B) + β·C     op(A): m×k, op(B): k×n, C: m×n
    ///
    /// `lda`, `ldb`, `ldc` are the row strides of the matrices as stored. With β = 0, C is
    /// overwritten and its previous contents (even NaN) are ignored.
    func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)
}

/// The CPU backend: the system CBLAS when one loads (see `BLASLibrary`), else `SwiftGEMM`.
public final class CPUBackend: Backend {
    /// The loaded BLAS, or nil when the pure-Swift kernel is in use.
    public let blas: BLASLibrary?
    /// The micro-kernel of the pure-Swift path (see `GEMMKernel.selected`).
    public let gemmKernel: GEMMKernel

    /// Loads a BLAS unless `useBLAS` is false or `DESCENT_BLAS=off` is set, and keeps freed
    /// tensor memory in the C heap for the next step (see `AllocatorTuning`). Without a BLAS,
    /// products run on `SwiftGEMM` with `gemmKernel`, which must be supported by the CPU.
    public init(useBLAS: Bool = true, gemmKernel: GEMMKernel = .selected) {
        precondition(gemmKernel.isSupported, "CPUBackend: GEMM kernel \(gemmKernel) needs an instruction set this CPU lacks")
        AllocatorTuning.apply
        blas = useBLAS ? BLASLibrary.loadFromEnvironment() : nil
        self.gemmKernel = gemmKernel
    }

    public var name: String {
        if let blas { return "cpu (blas: \(blas.path)\(blas.coreName.map { ", core \($0)" } ?? ""))" }
        return "cpu (swift gemm \(gemmKernel), \(ThreadPool.threadCount) threads)"
    }

    public func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if let blas {
            blas.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                       a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            SwiftGEMM.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, kernel: gemmKernel)
        }
    }
}

/// The backend every tensor operation uses. Replace it before any work starts (e.g. in tests that
/// compare the BLAS and Swift paths); it is not meant to change mid-computation.
public enum Backends {
    public nonisolated(unsafe) static var current: any Backend = CPUBackend()
}
