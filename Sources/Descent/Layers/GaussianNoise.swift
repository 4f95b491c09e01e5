/// Additive Gaussian noise while training: y = x + σ·ε, ε ~ 𝒩(0, 1) per element; the
/// identity in inference (Keras' `GaussianNoise`). A regularizer for inputs and hidden layers
/// alike; for input noise on tabular data without a layer, see `FeatureNoise`.
public final class GaussianNoise: StochasticLayer {
    /// σ of the noise.
    public let standardDeviation: Float
    public var isTraining = true
    public var isActiveInInference = false
    public var generator: RandomGenerator

    public init(standardDeviation: Float, generator: RandomGenerator = .default) {
        precondition(standardDeviation >= 0 && standardDeviation.isFinite, "GaussianNoise: standardDeviation must be finite and ≥ 0, got \(standardDeviation)")
        self.standardDeviation = standardDeviation
        self.generator = generator
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isStochastic, standardDeviation > 0 else { return input }
        return input + Tensor.randomNormal(input.shape, standardDeviation: standardDeviation, generator: generator)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
    public var summaryName: String { "GaussianNoise(\(standardDeviation))" }
}
