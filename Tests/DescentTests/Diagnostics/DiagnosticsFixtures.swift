import Descent

/// Small, seeded problems for the diagnostics tests.
enum DiagnosticsFixtures {
    /// Three Gaussian blobs in 2-D, standardized enough for an MLP.
    static func blobs(samples: Int = 96, seed: UInt64 = 1) -> Dataset {
        var data = SyntheticData.blobs(samples: samples, centers: 3, spread: 1, generator: RandomGenerator(seed: seed))
        data.features = data.features / 5
        return data
    }

    /// An MLP of `depth` hidden Dense layers of `width` units.
    static func mlp(depth: Int = 2, width: Int = 16, outputs: Int = 3, activation: Activation = .relu,
                    initializer: Initializer = .glorotUniform, seed: UInt64 = 2) -> Sequential {
        let generator = RandomGenerator(seed: seed)
        let sizes = [2] + Array(repeating: width, count: depth)
        var layers: [any Layer] = zip(sizes, sizes.dropFirst()).map {
            Dense(inputSize: $0, outputSize: $1, activation: activation, weightInitializer: initializer, generator: generator)
        }
        layers.append(Dense(inputSize: width, outputSize: outputs, weightInitializer: initializer, generator: generator))
        return Sequential(layers)
    }

    static func trainer(_ model: Sequential, learningRate: Float = 0.1, loss: any Loss = SoftmaxCrossEntropy()) -> Trainer {
        Trainer(model: model, loss: loss, optimizer: Optimizer(SGD(), parameters: model.parameters, learningRate: learningRate))
    }
}

/// Runs a closure in `gradientsDidCompute`, to observe or corrupt gradients before the update.
final class GradientHook: Callback {
    let body: (Int, TrainingContext) -> Void
    init(_ body: @escaping (Int, TrainingContext) -> Void) { self.body = body }
    func gradientsDidCompute(_ batch: Int, _ context: TrainingContext) { body(batch, context) }
}

extension Tensor {
    /// Overwrites one element (row-major index), to plant a NaN or an infinity.
    mutating func set(_ index: Int, to value: Float) {
        var values = scalars
        values[index] = value
        self = Tensor(shape: shape, scalars: values)
    }
}
