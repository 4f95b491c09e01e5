import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CBLAS library opened at run time with `dlopen`, so that building Descent needs nothing but the
/// Swift toolchain. `DESCENT_BLAS` selects: unset ⇒ try the usual names; `off` ⇒ never load;
/// a path ⇒ load exactly that file.
public final class BLASLibrary {
    private typealias SgemmFunction = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float,
        UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32, Float,
        UnsafeMutablePointer<Float>?, Int32) -> Void
    private typealias SetThreadsFunction = @convention(c) (Int32) -> Void
    private typealias CoreNameFunction = @convention(c) () -> UnsafePointer<CChar>?

    /// The file that was opened.
    public let path: String
    /// OpenBLAS' name for the kernel set it uses (e.g. `SkylakeX`), nil for other libraries.
    public let coreName: String?
    private let handle: UnsafeMutableRawPointer
    private let sgemmFunction: SgemmFunction

    /// Names tried in order when `DESCENT_BLAS` is unset.
    public static let candidateNames = [
        "libopenblas.so.0", "libopenblas.so", "libopenblasp-r0.so", "libblas.so.3", "libcblas.so.3",
        "/System/Library/Frameworks/Accelerate.framework/Accelerate",
    ]

    /// Opens `path` and resolves `cblas_sgemm`; nil when either fails.
    public init?(path: String) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let symbol = dlsym(handle, "cblas_sgemm") else {
            dlclose(handle)
            return nil
        }
        self.path = path
        self.handle = handle
        self.sgemmFunction = unsafeBitCast(symbol, to: SgemmFunction.self)
        if let setThreads = dlsym(handle, "openblas_set_num_threads") {
            unsafeBitCast(setThreads, to: SetThreadsFunction.self)(Int32(ThreadPool.threadCount))
        }
        coreName = dlsym(handle, "openblas_get_corename")
            .flatMap { unsafeBitCast($0, to: CoreNameFunction.self)() }
            .map { String(cString: $0) }
    }

    /// The library chosen by `DESCENT_BLAS` (see the type's documentation), or nil.
    public static func loadFromEnvironment() -> BLASLibrary? {
        chooseOpenBLASCoreType()
        shortenOpenBLASSpinning()
        let setting = getenv("DESCENT_BLAS").map { String(cString: $0) } ?? ""
        switch setting.lowercased() {
        case "off", "0", "false", "none": return nil
        case "", "on", "auto": return candidateNames.lazy.compactMap { BLASLibrary(path: $0) }.first
        default: return BLASLibrary(path: setting)
        }
    }

    /// OpenBLAS picks its kernels from the CPU model and falls back to a generic SSE3 kernel
    /// ("Prescott", about 10× slower) on CPUs it does not know, which includes the virtual
    /// "Intel Xeon Processor" of many cloud machines. Unless the user set `OPENBLAS_CORETYPE`,
    /// name the kernel set from the instruction-set flags before the library is loaded:
    /// AVX-512F ⇒ `SkylakeX`, AVX2 with FMA ⇒ `Haswell`.
    static func chooseOpenBLASCoreType() {
        guard getenv("OPENBLAS_CORETYPE") == nil else { return }
        if CPUFeatures.hasAVX512 {
            setenv("OPENBLAS_CORETYPE", "SkylakeX", 0)
        } else if CPUFeatures.hasAVX2FMA {
            setenv("OPENBLAS_CORETYPE", "Haswell", 0)
        }
    }

    /// An idle OpenBLAS worker polls for its next product, calling `sched_yield`, for 2²⁸
    /// cycles (about 0.1 s) before it sleeps; between products a training step runs its own
    /// elementwise loops on the same cores, and the polling worker takes turns with them. Unless
    /// the user set `OPENBLAS_THREAD_TIMEOUT`, set it to 4 (2⁴ cycles: sleep at once) before the
    /// library is loaded; waking the worker for the next product costs less than the polling did
    /// (interleaved runs: `cnn` +9 to +23 %, `mlp-bn-dropout` +9 %, `mlp` unchanged).
    static func shortenOpenBLASSpinning() {
        setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0)
    }

    func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112
        sgemmFunction(rowMajor, transposeA ? trans : noTrans, transposeB ? trans : noTrans,
                      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                      beta, c, Int32(ldc))
    }
}
