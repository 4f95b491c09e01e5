import Foundation

/// A benchmark workload of `descent bench` (DESIGN.md): a model, its optimizer, the batch size
/// and the samples of one timed epoch, trained on seeded random inputs and labels.
///
///     let result = try BenchmarkWorkload(name: "mlp").measure(repeats: 3, samples: 1024)
///     print(result.line)   // workload=mlp samples_per_s=… epoch_s=… gflops=… …
public struct BenchmarkWorkload {
    /// The workloads by name: `mlp`, `cnn` and `mlp-bn-dropout`, and the zoo's `resnet18`
    /// (32×32×3, batch 64, SGD with momentum), `mobilenet-v2` (96×96×3, batch 32, the same
    /// optimizer) and `mobilenet-v2-inference` (the forward pass alone, evaluation mode).
    public static let allNames = ["mlp", "cnn", "mlp-bn-dropout", "resnet18", "mobilenet-v2", "mobilenet-v2-inference"]
    public let name: String
    /// The shape of one sample, e.g. [784] or [28, 28, 1].
    public let inputShape: [Int]
    public let batchSize: Int
    /// Samples per timed epoch when `measure` is given none.
    public let defaultSamples: Int
    /// True for a forward-only workload (no loss, no backward pass, no update).
    public let isInference: Bool
    let makeModel: (RandomGenerator) throws -> GraphModel
    let makeOptimizer: (GraphModel) -> any OptimizerProtocol

    /// The workload called `name`; throws `DescentError.invalidArgument` for any other name.
    public init(name: String) throws {
        self.name = name
        isInference = name.hasSuffix("-inference")
        let zoo = { (name: String, shape: [Int]) in
            { (generator: RandomGenerator) in try ModelZoo.build(name, classes: 10, inputShape: shape, generators: LayerGenerators(weights: generator, noise: generator.split())) }
        }
        switch name {
        case "mlp":
            (inputShape, batchSize, defaultSamples) = ([784], 128, 60_000)
            makeModel = { try GraphModel(chain: Sequential.multilayerPerceptron(inputSize: 784, hidden: [512, 256], outputSize: 10, generator: $0).layers, inputShape: [784]) }
            makeOptimizer = { Optimizer(Adam(), parameters: $0.parameters, learningRate: 1e-3) }
        case "cnn":
            (inputShape, batchSize, defaultSamples) = ([28, 28, 1], 64, 10_000)
            makeModel = { try GraphModel(chain: try Sequential.convolutionalNetwork(inputShape: [28, 28, 1], outputSize: 10, generator: $0).layers, inputShape: [28, 28, 1]) }
            makeOptimizer = { Optimizer(Adam(), parameters: $0.parameters, learningRate: 1e-3) }
        case "mlp-bn-dropout":
            (inputShape, batchSize, defaultSamples) = ([784], 128, 60_000)
            makeModel = { generator in
                try GraphModel(chain: [
                    Dense(inputSize: 784, outputSize: 512, generator: generator),
                    BatchNorm(featureCount: 512),
                    ActivationLayer(.relu),
                    Dropout(rate: 0.5, generator: generator.split()),
                    Dense(inputSize: 512, outputSize: 256, generator: generator),
                    BatchNorm(featureCount: 256),
                    ActivationLayer(.relu),
                    Dropout(rate: 0.5, generator: generator.split()),
                    Dense(inputSize: 256, outputSize: 10, generator: generator),
                ], inputShape: [784])
            }
            makeOptimizer = { Optimizer(SGD(momentum: 0.9, isNesterov: true), parameters: $0.parameters, learningRate: 0.01) }
        case "resnet18":
            (inputShape, batchSize, defaultSamples) = ([32, 32, 3], 64, 2_048)
            makeModel = zoo("resnet18", [32, 32, 3])
            makeOptimizer = { Optimizer(SGD(momentum: 0.9), parameters: $0.parameters, learningRate: 0.01) }
        case "mobilenet-v2", "mobilenet-v2-inference":
            (inputShape, batchSize, defaultSamples) = ([96, 96, 3], 32, isInference ? 1_024 : 512)
            makeModel = zoo("mobilenet_v2", [96, 96, 3])
            makeOptimizer = { Optimizer(SGD(momentum: 0.9), parameters: $0.parameters, learningRate: 0.01) }
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
        if isInference {
            guard augmentation == nil, dataParallel == nil else {
                throw DescentError.invalidArgument(name: "workload", value: name, expected: "a training workload for augmentation or data parallelism")
            }
            return try measureInference(model, x, repeats: repeats, sgemmRate: sgemmRate)
        }
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
        dataParallel?.resetTimers()
        let epochs = try timedEpochs(repeats) { _ = try trainer.fit(x, y, epochs: 1, batchSize: batchSize, verbosity: .silent) }
        return result(epochs, samples: samples, flopsPerSample: try Self.trainingFLOPs(model, inputShape: inputShape), sgemmRate: sgemmRate,
                      communication: dataParallel.map { ($0.communicator.size, $0.bytesPerStep, $0.communicationSeconds / Double(Swift.max($0.steps, 1))) })
    }

    /// Batches of `x` through the model in evaluation mode without a tape, timed per epoch as
    /// `measure` does; the arithmetic is the forward products alone.
    private func measureInference(_ model: GraphModel, _ x: Tensor, repeats: Int, sgemmRate: Double?) throws -> BenchmarkResult {
        model.eval()
        let samples = x.shape[0]
        func epoch(_ count: Int) {
            withoutGradients {
                for start in stride(from: 0, to: count, by: batchSize) {
                    _ = model(x.slice(alongAxis: 0, start..<min(count, start + batchSize)))
                }
            }
        }
        epoch(min(samples, batchSize * 5))
        let epochs = timedEpochs(repeats) { epoch(samples) }
        return result(epochs, samples: samples, flopsPerSample: try Self.forwardFLOPs(model, inputShape: inputShape).reduce(0, +),
                      sgemmRate: sgemmRate, communication: nil)
    }

    /// The seconds of `repeats` runs of `epoch`, and the resident memory after each.
    private func timedEpochs(_ repeats: Int, _ epoch: () throws -> Void) rethrows -> (seconds: [Double], resident: [Double]) {
        var times: [Double] = [], resident: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try epoch()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            resident.append(ProcessMemory.residentMegabytes())
        }
        return (times, resident)
    }

    /// The result of the median epoch: rates, memory and the machine's ceiling.
    private func result(_ epochs: (seconds: [Double], resident: [Double]), samples: Int, flopsPerSample: Double, sgemmRate: Double?,
                        communication: (ranks: Int, bytesPerStep: Int, secondsPerStep: Double)?) -> BenchmarkResult {
        let median = epochs.seconds.sorted()[epochs.seconds.count / 2]
        return BenchmarkResult(workload: name, samplesPerSecond: Double(samples) / median, epochSeconds: median,
                               gflops: flopsPerSample * Double(samples) / median / 1e9, sgemmGflops: sgemmRate ?? SGEMMBenchmark.backendRate,
                               peakResidentMegabytes: ProcessMemory.peakResidentMegabytes(),
                               residentGrowthMegabytes: epochs.resident[epochs.resident.count - 1] - epochs.resident[0],
                               backend: Backends.current.name, communication: communication)
    }

    /// The GEMM arithmetic of one training sample, 2·m·n·k per product: the forward product of
    /// every Dense and Conv2D layer, the weight gradient (same size) and the input gradient
    /// (same size again) for every layer but those reading the model's input, which needs none.
    public static func trainingFLOPs(_ model: GraphModel, inputShape: [Int]) throws -> Double {
        let forward = try forwardFLOPs(model, inputShape: inputShape)
        return zip(model.nodes, forward).reduce(0) { total, pair in
            total + pair.1 * (pair.0.inputs == [GraphModel.inputName] ? 2 : 3)
        }
    }

    /// The forward products of each node for one sample (0 for nodes without a product).
    static func forwardFLOPs(_ model: GraphModel, inputShape: [Int]) throws -> [Double] {
        try zip(model.nodes, model.nodeShapes(forInput: inputShape)).map { node, output in
            if let dense = node.layer as? Dense {
                return 2 * Double(output.elementCount / dense.outputSize) * Double(dense.inputSize * dense.outputSize)
            } else if let conv = node.layer as? Conv2D {
                let depth = conv.kernelSize.height * conv.kernelSize.width * conv.inputChannels / conv.groups
                return 2 * Double(output.elementCount) * Double(depth)
            }
            return 0
        }
    }
}
