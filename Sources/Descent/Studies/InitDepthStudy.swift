/// A deep, wide MLP under several initializations and activations: the standard deviation of
/// each layer's activations and the norm of each layer's weight gradient, after one forward
/// and one backward pass of a mean-squared-error loss against random targets.
///
/// With weights from normal(0, σ) each layer multiplies the scale by about σ·√width, so with
/// σ = 0.01 signals and gradients vanish; Glorot keeps tanh stable and He keeps ReLU stable
/// (Glorot & Bengio, 2010; He et al., 2015).
///
///     let study = try InitDepthStudy(depth: 10, width: 500)
///     let profiles = study.run()
///     print(study.csvText(profiles))
public struct InitDepthStudy: Sendable {
    /// The number of Dense layers.
    public var depth: Int
    /// Units per layer (inputs and outputs alike).
    public var width: Int
    /// Samples in the batch.
    public var batch: Int
    /// Seed for inputs, targets and weights; every profile starts from the same seed.
    public var seed: UInt64

    /// The activations `run()` compares: tanh, then ReLU.
    public static let activations: [Activation] = [.tanh, .relu]
    /// The initializers `run()` compares: normal(0, 0.01), Glorot-normal, He-normal.
    public static let initializers: [Initializer] = [.normal(mean: 0, standardDeviation: 0.01), .glorotNormal, .heNormal]

    /// Throws `DescentError.invalidArgument` unless `depth` and `width` are at least 1 and
    /// `batch` at least 2 (a standard deviation needs two samples).
    public init(depth: Int = 10, width: Int = 500, batch: Int = 256, seed: UInt64 = 0) throws {
        for (name, value, least) in [("depth", depth, 1), ("width", width, 1), ("batch", batch, 2)] where value < least {
            throw DescentError.invalidArgument(name: name, value: "\(value)", expected: "at least \(least)")
        }
        (self.depth, self.width, self.batch, self.seed) = (depth, width, batch, seed)
    }

    /// One profile per activation and initializer, activations outermost.
    public func run() -> [InitDepthProfile] {
        Self.activations.flatMap { activation in
            Self.initializers.map { profile(activation: activation, initializer: $0) }
        }
    }

    /// The per-layer statistics of one network: biases zero, weights from `initializer`.
    public func profile(activation: Activation, initializer: Initializer) -> InitDepthProfile {
        let generator = RandomGenerator(seed: seed)
        let x = Tensor.randomNormal([batch, width], generator: generator)
        let targets = Tensor.randomNormal([batch, width], generator: generator)
        let layers = (0..<depth).map { _ in
            Dense(inputSize: width, outputSize: width, activation: activation,
                  weightInitializer: initializer, generator: generator)
        }
        var result = InitDepthProfile(activation: activation, initializer: initializer)
        var h = x
        for layer in layers {
            h = layer(h)
            result.activationStandardDeviations.append(Self.standardDeviation(h.scalars))
        }
        MeanSquaredError()(h, targets).backward()
        result.gradientNorms = layers.map { layer in
            (layer.weight.gradient?.scalars ?? []).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        }
        return result
    }

    /// The population standard deviation (ddof = 0), summed in Double.
    static func standardDeviation(_ values: [Float]) -> Double {
        let n = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / n
        return (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n).squareRoot()
    }
}

/// The statistics of one activation and initializer in an `InitDepthStudy`, one entry per layer.
public struct InitDepthProfile: Sendable {
    public var activation: Activation
    public var initializer: Initializer
    /// σ of each layer's activations over the batch and units, first layer first.
    public var activationStandardDeviations: [Double] = []
    /// ‖∂L/∂W‖ (Frobenius) of each layer's weight, first layer first.
    public var gradientNorms: [Double] = []

    /// `tanh, normal(0, 0.01)`: how tables and charts name the profile.
    public var label: String { "\(activation.name), \(initializer)" }
}
