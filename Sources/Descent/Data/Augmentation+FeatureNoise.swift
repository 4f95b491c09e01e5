/// Noise injection for tabular inputs: x̃ = x + σ·ε with ε ~ 𝒩(0, 1) drawn afresh for every
/// element of every training batch (Bishop, 1995: for small σ, training with input noise acts
/// like a Tikhonov penalty on the input gradient). Standardize features first, so that one σ
/// suits every column.
public final class FeatureNoise: Augmentation {
    /// σ, in the units of the (standardized) features.
    public let standardDeviation: Float
    /// The source of the noise.
    public var generator: RandomGenerator

    public init(standardDeviation: Float, generator: RandomGenerator = .default) {
        precondition(standardDeviation >= 0 && standardDeviation.isFinite, "FeatureNoise: standardDeviation must be finite and ≥ 0, got \(standardDeviation)")
        self.standardDeviation = standardDeviation
        self.generator = generator
    }

    public func callAsFunction(_ batch: Tensor, using generator: RandomGenerator) -> Tensor {
        guard standardDeviation > 0 else { return batch }
        let sigma = standardDeviation
        return batch.mapScalars { $0 + sigma * generator.nextNormal() }
    }
}
