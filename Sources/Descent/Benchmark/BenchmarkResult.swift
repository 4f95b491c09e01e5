import Foundation

/// The measurements of one `BenchmarkWorkload` run.
public struct BenchmarkResult: Equatable, Sendable {
    public var workload: String
    /// Training samples per second over the median timed epoch.
    public var samplesPerSecond: Double
    /// The median timed epoch, in seconds.
    public var epochSeconds: Double
    /// The workload's GEMM arithmetic (`BenchmarkWorkload.trainingFLOPs`) per second, in GFLOP/s.
    public var gflops: Double
    /// The backend's 1024×1024 SGEMM rate (`SGEMMBenchmark.backendRate`): the ceiling.
    public var sgemmGflops: Double
    /// The process's peak resident memory so far, in MiB.
    public var peakResidentMegabytes: Double
    /// Resident memory after the last timed epoch minus after the first, in MiB (stays near 0).
    public var residentGrowthMegabytes: Double
    /// The backend's name, e.g. `cpu (OpenBLAS)`.
    public var backend: String
    /// Under data parallelism: the ranks, the bytes all-reduced per step and the seconds spent
    /// in collectives per step.
    public var communication: (ranks: Int, bytesPerStep: Int, secondsPerStep: Double)?

    public static func == (a: BenchmarkResult, b: BenchmarkResult) -> Bool {
        a.line == b.line
    }

    /// One `key=value` line, the format `Benchmarks/peers/run.sh` reads:
    ///
    ///     workload=mlp samples_per_s=… epoch_s=… gflops=… sgemm_gflops=… peak_rss_mb=… rss_growth_mb=… backend="…"
    public var line: String {
        "workload=\(workload) samples_per_s=\(Int(samplesPerSecond.rounded())) epoch_s=\(format("%.3f", epochSeconds))"
            + " gflops=\(format("%.1f", gflops)) sgemm_gflops=\(format("%.1f", sgemmGflops))"
            + " peak_rss_mb=\(format("%.1f", peakResidentMegabytes))"
            + " rss_growth_mb=\(format("%.2f", residentGrowthMegabytes)) backend=\"\(backend)\""
            + (communication.map { " ranks=\($0.ranks) allreduce_bytes_per_step=\($0.bytesPerStep) comm_ms_per_step=\(format("%.3f", $0.secondsPerStep * 1000))" } ?? "")
    }

    private func format(_ pattern: String, _ value: Double) -> String { String(format: pattern, value) }
}
