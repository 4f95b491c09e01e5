import Foundation

/// Times square single-precision products C ← A·B, the ceiling of every workload.
///
/// Each size runs one warm-up product, then `repeats` timed ones (at least enough for a
/// quarter of a second); the median rate is reported as 2·n³ / seconds.
/// `Benchmarks/sgemm/sgemm.c` measures OpenBLAS from C the same way.
///
///     for rate in SGEMMBenchmark.measureAll(repeats: 3) { print(rate.line) }
public enum SGEMMBenchmark {
    /// The sizes n of `measureAll`.
    public static let sizes = [512, 1024, 2048]

    /// The rate of one path on one size.
    public struct Measurement: Equatable, Sendable {
        /// `blas`, or `swift kernel=sse|avx2|avx512`.
        public var path: String
        public var n: Int
        public var gflops: Double
        public var backend: String

        /// `workload=sgemm path=… n=… gflops=… backend="…"`.
        public var line: String {
            "workload=sgemm path=\(path) n=\(n) gflops=\(String(format: "%.1f", gflops)) backend=\"\(backend)\""
        }
    }

    /// Every path and size: the loaded BLAS (when there is one) through the backend, then the
    /// pure-Swift kernel with each micro-kernel this CPU supports.
    public static func measureAll(repeats: Int, sizes: [Int] = sizes) -> [Measurement] {
        var paths: [(String, any Backend)] = []
        if let cpu = Backends.current as? CPUBackend, cpu.blas != nil { paths.append(("blas", cpu)) }
        for kernel in GEMMKernel.allCases where kernel.isSupported {
            paths.append(("swift kernel=\(kernel)", CPUBackend(useBLAS: false, gemmKernel: kernel)))
        }
        return paths.flatMap { path, backend in
            sizes.map { n in Measurement(path: path, n: n, gflops: gflops(backend, n: n, repeats: repeats), backend: backend.name) }
        }
    }

    /// The current backend's rate on 1024×1024, measured once per process.
    public static let backendRate: Double = gflops(Backends.current, n: 1024, repeats: 3)

    /// The median rate of `backend` on n×n·n×n, in GFLOP/s.
    public static func gflops(_ backend: any Backend, n: Int, repeats: Int) -> Double {
        let generator = RandomGenerator(seed: 1)
        let a = (0..<(n * n)).map { _ in generator.nextUniform(-1, 1) }
        let b = (0..<(n * n)).map { _ in generator.nextUniform(-1, 1) }
        var c = [Float](repeating: 0, count: n * n)
        let flops = 2 * Double(n) * Double(n) * Double(n)
        var times: [Double] = []
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let c = c
                    let product = {
                        backend.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1,
                                      a: a.baseAddress!, lda: n, b: b.baseAddress!, ldb: n,
                                      beta: 0, c: c.baseAddress!, ldc: n)
                    }
                    product()
                    var elapsed = 0.0
                    while times.count < repeats || elapsed < 0.25 {
                        let start = DispatchTime.now().uptimeNanoseconds
                        product()
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                        times.append(seconds)
                        elapsed += seconds
                    }
                }
            }
        }
        return flops / times.sorted()[times.count / 2] / 1e9
    }
}
