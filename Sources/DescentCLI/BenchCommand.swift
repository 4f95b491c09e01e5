import ArgumentParser
import Descent
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training throughput on the benchmark workloads (build with -c release).",
        discussion: """
            Prints one line per workload:
              workload=mlp samples_per_s=… epoch_s=… peak_rss_mb=… backend=…
            epoch_s is the median over --repeats timed epochs, after one warm-up pass.

            Examples:
              swift run -c release descent bench --workload mlp
              DESCENT_BLAS=off swift run -c release descent bench --workload mlp --repeats 5
            """)

    @Option(help: "mlp, cnn, mlp-bn-dropout or all.")
    var workload = "all"
    @Option(help: "Timed epochs; the median is reported.")
    var repeats = 3
    @Option(help: "Samples per timed epoch (default: the workload's, e.g. 60000 for mlp).")
    var samples: Int?

    func run() throws {
        try reportingFailures {
            let names = workload == "all" ? Workload.allNames : [workload]
            guard names.allSatisfy(Workload.allNames.contains) else {
                throw CommandFailure("unknown --workload '\(workload)'; choose \(Workload.allNames.joined(separator: ", ")) or all")
            }
            guard repeats >= 1 else { throw CommandFailure("--repeats \(repeats) must be at least 1") }
            if let samples, samples < 1 { throw CommandFailure("--samples \(samples) must be at least 1") }
            for name in names { print(try Workload(name: name).measure(repeats: repeats, samples: samples)) }
        }
    }
}

/// A benchmark workload of `../shared/DESIGN.md`.
struct Workload {
    static let allNames = ["mlp", "cnn", "mlp-bn-dropout"]
    let name: String

    func measure(repeats: Int, samples: Int?) throws -> String {
        switch name {
        case "mlp":
            return try timeTraining(
                inputShape: [784], classes: 10, batchSize: 128, samples: samples ?? 60_000, repeats: repeats,
                model: { Sequential.multilayerPerceptron(inputSize: 784, hidden: [512, 256], outputSize: 10, generator: $0) },
                optimizer: { Optimizer(Adam(), parameters: $0.parameters, learningRate: 1e-3) })
        case "cnn":
            return try timeTraining(
                inputShape: [28, 28, 1], classes: 10, batchSize: 64, samples: samples ?? 10_000, repeats: repeats,
                model: { try Sequential.convolutionalNetwork(inputShape: [28, 28, 1], outputSize: 10, generator: $0) },
                optimizer: { Optimizer(Adam(), parameters: $0.parameters, learningRate: 1e-3) })
        default:
            return "workload=\(name) unsupported (its layers are not built yet)"
        }
    }

    private func timeTraining(
        inputShape: [Int], classes: Int, batchSize: Int, samples: Int, repeats: Int,
        model makeModel: (RandomGenerator) throws -> Sequential,
        optimizer makeOptimizer: (Sequential) -> any OptimizerProtocol
    ) throws -> String {
        let generator = RandomGenerator(seed: 42)
        let x = Tensor.randomNormal([samples] + inputShape, generator: generator)
        let y = Tensor((0..<samples).map { _ in Float(generator.nextInt(below: classes)) })
        let model = try makeModel(generator)
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: makeOptimizer(model), metrics: [])
        let warmup = min(samples, batchSize * 20)
        _ = try trainer.fit(x.slice(alongAxis: 0, 0..<warmup), y.slice(alongAxis: 0, 0..<warmup),
                            epochs: 1, batchSize: batchSize, verbosity: .silent)
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try trainer.fit(x, y, epochs: 1, batchSize: batchSize, verbosity: .silent)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let median = times.sorted()[times.count / 2]
        return "workload=\(name) samples_per_s=\(Int((Double(samples) / median).rounded())) epoch_s=\(String(format: "%.3f", median)) peak_rss_mb=\(String(format: "%.1f", peakResidentMegabytes())) backend=\"\(Backends.current.name)\""
    }
}

/// The peak resident set size of this process so far, in MiB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
    #endif
}
