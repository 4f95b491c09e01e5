import ArgumentParser
import Descent
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training throughput on the benchmark workloads (build with -c release).",
        discussion: """
            Prints one line per workload:
              workload=mlp samples_per_s=… epoch_s=… gflops=… sgemm_gflops=… peak_rss_mb=… rss_growth_mb=… backend=…
            epoch_s is the median over --repeats timed epochs, after a warm-up of 20 batches;
            gflops is the workload's GEMM arithmetic (2·m·n·k per product, forward and backward)
            divided by epoch_s, and sgemm_gflops the rate of the same backend on a 1024×1024
            SGEMM: the ceiling. peak_rss_mb is the process's peak, so run one workload per
            process to compare memory; rss_growth_mb is the resident memory after the last timed
            epoch minus after the first, which stays near 0 (nothing grows from epoch to epoch).

            --workload sgemm times square products (512, 1024, 2048) through the loaded BLAS and
            through the pure-Swift GEMM with each micro-kernel the CPU supports:
              workload=sgemm path=blas n=1024 gflops=…
              workload=sgemm path=swift kernel=avx512 n=1024 gflops=…
            --workload load-csv and load-idx time the loaders on a file of MNIST's shape
            (60,000 rows; --samples changes it), written to a temporary folder from a seed
            unless --file names one; the median of --repeats loads after one warm-up load:
              workload=load-csv seconds=… mb_per_s=… rows_per_s=… peak_rss_mb=… file_mb=…
            load-csv is Dataset.csv with the column `label`; load-idx is ArrayFile.read.

            Benchmarks/peers/run.sh runs these next to PyTorch, JAX, NumPy and pandas.

            Examples:
              swift run -c release descent bench --workload mlp
              swift run -c release descent bench --workload sgemm
              swift run -c release descent bench --workload load-csv --repeats 5
              DESCENT_BLAS=off swift run -c release descent bench --workload mlp --repeats 5
            """)

    @Option(help: "mlp, cnn, mlp-bn-dropout, all (the three), sgemm, load-csv or load-idx.")
    var workload = "all"
    @Option(help: "Timed epochs (or, for sgemm, timed products per size); the median is reported.")
    var repeats = 3
    @Option(help: "Samples per timed epoch (default: the workload's, e.g. 60000 for mlp).")
    var samples: Int?
    @Flag(help: "cnn only: augment every batch (flip 0.5, crop padding 2, rotation 10°, cutout 8), prepared on the prefetch thread.")
    var augment = false
    @Option(help: "Batches prepared ahead on a background thread (0: each when needed).")
    var prefetch = 2
    @Option(help: "Data parallelism in a fixed order: K chunks per batch, summed in chunk order (the same weights on any number of ranks ≤ K; see distributed.fixed_order_chunks).")
    var fixedOrder = 0
    @Option(help: "For load-csv and load-idx: the file to load instead of a generated one (with --samples rows).")
    var file: String?

    func run() throws {
        try reportingFailures {
            let choices = BenchmarkWorkload.allNames + ["all", "sgemm"] + LoaderBenchmark.allNames
            guard choices.contains(workload) else {
                throw CommandFailure("unknown --workload '\(workload)'; choose \(choices.joined(separator: ", "))")
            }
            guard repeats >= 1 else { throw CommandFailure("--repeats \(repeats) must be at least 1") }
            if let samples, samples < 1 { throw CommandFailure("--samples \(samples) must be at least 1") }
            guard prefetch >= 0 && prefetch <= 64 else { throw CommandFailure("--prefetch \(prefetch) must be in 0...64") }
            if augment && workload != "cnn" { throw CommandFailure("--augment applies to --workload cnn (images), not \(workload)") }
            guard file == nil || LoaderBenchmark.allNames.contains(workload) else {
                throw CommandFailure("--file applies to --workload load-csv and load-idx only")
            }
            if LoaderBenchmark.allNames.contains(workload) {
                print(try LoaderBenchmark.measure(workload, repeats: repeats, rows: samples ?? 60_000, file: file))
                return
            }
            if workload == "sgemm" {
                for rate in SGEMMBenchmark.measureAll(repeats: repeats) { print(rate.line) }
                return
            }
            // under mpirun -np N: each rank trains its share of every batch; rank 0 prints the group's rate
            guard (0...1024).contains(fixedOrder) else { throw CommandFailure("--fixed-order \(fixedOrder) must be in 0...1024") }
            let communicator = try MPICommunicator.fromEnvironment()
            let parallel = communicator != nil || fixedOrder > 0 ? DataParallel(communicator: communicator ?? SingleProcess()) : nil
            parallel?.fixedOrderChunks = fixedOrder
            for name in workload == "all" ? BenchmarkWorkload.allNames : [workload] {
                let augmentation = augment ? ImageAugmentation.Settings(flipProbability: 0.5, cropPadding: 2, rotationDegrees: 10, cutoutSize: 8) : nil
                let result = try BenchmarkWorkload(name: name).measure(repeats: repeats, samples: samples, augmentation: augmentation,
                                                                       prefetchDepth: prefetch, dataParallel: parallel)
                guard parallel?.communicator.isRoot ?? true else { continue }
                print(result.line + (augment ? " augment=1" : "") + " prefetch=\(prefetch)")
            }
        }
    }
}
