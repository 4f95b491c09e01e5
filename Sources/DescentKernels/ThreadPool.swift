import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Data-parallel loops over the machine's cores. `DESCENT_THREADS` overrides the count
/// (results of every kernel are independent of it except where a doc comment says otherwise).
public enum ThreadPool {
    /// Number of worker threads used by parallel kernels.
    public static let threadCount: Int = {
        if let value = getenv("DESCENT_THREADS").flatMap({ Int(String(cString: $0)) }), value > 0 {
            return value
        }
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }()

    /// Runs `body(i)` for i in 0..<count, in parallel when `count > 1` and there is more than one
    /// thread. Each index runs exactly once; the order is unspecified.
    public static func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 || threadCount == 1 {
            for i in 0..<count { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }

    /// Splits 0..<total into at most `threadCount` contiguous chunks of at least `grain` items
    /// and runs them in parallel.
    public static func parallelChunks(_ total: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        let chunks = max(1, min(threadCount, total / max(grain, 1)))
        if chunks == 1 {
            body(0..<total)
            return
        }
        let size = (total + chunks - 1) / chunks
        parallelFor(chunks) { c in
            let start = c * size
            let end = min(total, start + size)
            if start < end { body(start..<end) }
        }
    }
}
