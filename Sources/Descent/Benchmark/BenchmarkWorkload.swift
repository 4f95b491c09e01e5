import Foundation

/// A benchmark workload of `descent bench` (DESIGN.md): a model, its optimizer, the batch size
/// and the samples of one timed epoch, trained on seeded random inputs and labels.
///
///     let result = try BenchmarkWorkload(name: "mlp").measure(repeats: 3, samples: 1024)
///     print(result.line)   // workload=mlp samples_per_s=… epoch_s=… gflops=… …
public struct BenchmarkWorkload {
    /// The workloads by name: `mlp`, `cnn` and `mlp-bn-dropout`.
    public static let allNames = ["mlp", "cnn", "mlp-bn-dropout"]
    public let name: String
    /// The shape of one sample, e.g. [784] or [28, 28, 1].
    public let inputShape: [Int]
    public let batchSize: Int
    /// Samples per timed epoch when `measure` is given none.
    public let defaultSamples: Int
    let makeModel: (RandomGenerator) throws -> Sequential
    let makeOptimizer: (Sequential) -> any OptimizerProtocol

    /// The workload called `name`; throws `DescentError.invalidArgument` for any other name.
    public init(name: String) throws {
        self.name = name
        switch name {
        case "mlp":
            (inputShape, batchSize, defaultSamples) = ([784], 128, 60_000)
            makeModel = { Sequential.multilayerPerceptron(inputSize: 784, hidden: [512, 256], outputSize: 10, generator: $0) }
            makeOptimizer = { Optimizer(Adam(), parameters: $0.parameters, learningRate: 1e-3) }
        case "cnn":
            (inputShape, batchSize, defaultSamples) = ([28, 28, 1], 64, 10_000)
            makeModel = { try Sequential.convolutionalNetwork(inputShape: [28, 28, 1], outputSize: 10, generator: $0) }
            makeOptimizer = { Optimizer(Adam(), parameters: $0.parameters, learningRate: 1e-3) }
        case "mlp-bn-dropout":
            (inputShape, batchSize, defaultSamples) = ([784], 128, 60_000)
            makeModel = { generator in
                Sequential {
                    Dense(inputSize: 784, outputSize: 512, generator: generator)
                    BatchNorm(featureCount: 512)
                    ActivationLayer(.relu)
                    Dropout(rate: 0.5, generator: generator.split())
                    Dense(inputSize: 512, outputSize: 256, generator: generator)
                    BatchNorm(featureCount: 256)
                    ActivationLayer(.relu)
                    Dropout(rate: 0.5, generator: generator.split())
                    Dense(inputSize: 256, outputSize: 10, generator: generator)
                }
            }
            makeOptimizer = { Optimizer(SGD(momentum: 0.9, isNesterov: true), parameters: $0.parameters, learningRate: 0.01) }
        default:
            throw DescentError.invalidArgument(name: "workload", value: name, expected: Self.allNames.joined(separator: ", "))
        }
    }

    /// Trains one warm-up pass of 20 batches, then `repeats` timed epochs of `samples` samples
    /// (default: `defaultSamples`), and reports the median epoch. `sgemmRate` is the ceiling
    /// reported beside it; nil measures `SGEMMBenchmark.backendRate` (once per process, about a
    /// second in a release build).
    /// The resident-memory growth is the resident memory after the last timed epoch minus after
    /// the first: training must not grow it (a kept tape would leak ~1 MB per 64-sample step).
    /// `augmentation` transforms every training batch (images only); `prefetchDepth` is the
    /// trainer's (`Trainer.prefetchDepth`), to measure what preparing batches ahead gains.
    /// With `dataParallel` every rank trains its share of each batch (the global batch is the
    /// workload's): samples per second are the whole group's, and the result carries the
    /// bytes all-reduced and the seconds spent in collectives per step.
    public func measure(repeats: Int, samples: Int? = nil, sgemmRate: Double? = nil,
                        augmentation: ImageAugmentation.Settings? = nil, prefetchDepth: Int = 2,
                        dataParallel: DataParallel? = nil) throws -> BenchmarkResult {
        guard repeats >= 1 else { throw DescentError.invalidArgument(name: "repeats", value: "\(repeats)", expected: "at least 1") }
        let samples = samples ?? defaultSamples
        guard samples >= 1 else { throw DescentError.invalidArgument(name: "samples", value: "\(samples)", expected: "at least 1") }
        let generator = RandomGenerator(seed: 42)
        let x = Tensor.randomNormal([samples] + inputShape, generator: generator)
        let y = Tensor((0..<samples).map { _ in Float(generator.nextInt(below: 10)) })
        let model = try makeModel(generator)
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: makeOptimizer(model), metrics: [])
        if let augmentation {
            guard inputShape.count == 3 else { throw DescentError.invalidArgument(name: "augmentation", value: name, expected: "a workload on images (cnn)") }
            trainer.augmentation = ImageAugmentation(augmentation, generator: RandomGenerator(seed: 43))
        }
        trainer.prefetchDepth = prefetchDepth
        trainer.dataParallel = dataParallel
        let warmup = min(samples, batchSize * 20)
        _ = try trainer.fit(x.slice(alongAxis: 0, 0..<warmup), y.slice(alongAxis: 0, 0..<warmup),
                            epochs: 1, batchSize: batchSize, verbosity: .silent)
        var times: [Double] = [], resident: [Double] = []
        dataParallel?.resetTimers()
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try trainer.fit(x, y, epochs: 1, batchSize: batchSize, verbosity: .silent)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            resident.append(ProcessMemory.residentMegabytes())
        }
        let median = times.sorted()[times.count / 2]
        let flops = try Self.trainingFLOPs(model, inputShape: inputShape) * Double(samples)
        return BenchmarkResult(workload: name, samplesPerSecond: Double(samples) / median, epochSeconds: median,
                               gflops: flops / median / 1e9, sgemmGflops: sgemmRate ?? SGEMMBenchmark.backendRate,
                               peakResidentMegabytes: ProcessMemory.peakResidentMegabytes(),
                               residentGrowthMegabytes: resident[repeats - 1] - resident[0], backend: Backends.current.name,
                               communication: dataParallel.map { ($0.communicator.size, $0.bytesPerStep, $0.communicationSeconds / Double(Swift.max($0.steps, 1))) })
    }

    /// The GEMM arithmetic of one training sample, 2·m·n·k per product: the forward product of
    /// every Dense and Conv2D layer, the weight gradient (same size) and the input gradient
    /// (same size again) for every layer but the first, whose input needs none.
    public static func trainingFLOPs(_ model: Sequential, inputShape: [Int]) throws -> Double {
        var shape = inputShape, total = 0.0, isFirst = true
        for layer in model.layers {
            let output = try layer.outputShape(forInput: shape)
            var forward = 0.0
            if let dense = layer as? Dense {
                forward = 2 * Double(output.elementCount / dense.outputSize) * Double(dense.inputSize * dense.outputSize)
            } else if let conv = layer as? Conv2D {
                let depth = conv.kernelSize.height * conv.kernelSize.width * conv.inputChannels / conv.groups
                forward = 2 * Double(output.elementCount) * Double(depth)
            }
            if forward > 0 {
                total += forward * (isFirst ? 2 : 3)
                isFirst = false
            }
            shape = output
        }
        return total
    }
}
