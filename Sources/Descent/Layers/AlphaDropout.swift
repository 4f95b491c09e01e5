/// Dropout that keeps SELU's self-normalization (Klambauer et al., 2017): dropped elements
/// take SELU's negative saturation α′ = −λα ≈ −1.7581 instead of 0, then an affine map restores
/// zero mean and unit variance for standardized inputs:
///
///     y = a·(x·m + α′·(1 − m)) + b      m ~ Bernoulli(1 − p)
///     a = ((1 − p)(1 + p·α′²))^(−½)     b = −a·α′·p
///
/// The identity in inference. As PyTorch's `AlphaDropout` and Keras' `AlphaDropout`.
public final class AlphaDropout: StochasticLayer {
    /// p, the probability of dropping an element.
    public let rate: Float
    public var isTraining = true
    public var isActiveInInference = false
    public var generator: RandomGenerator

    public init(rate: Float, generator: RandomGenerator = .default) {
        precondition(rate >= 0 && rate < 1, "AlphaDropout: rate must lie in [0, 1), got \(rate)")
        self.rate = rate
        self.generator = generator
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isStochastic, rate > 0 else { return input }
        let saturation = -Tensor.seluLambda * Tensor.seluAlpha
        let a = 1 / ((1 - rate) * (1 + rate * saturation * saturation)).squareRoot()
        let b = -a * saturation * rate
        let mask = Tensor.dropoutMask(input.shape, rate: rate, keptValue: 1, generator: generator)
        let offset = mask.mapScalars { a * saturation * (1 - $0) + b }
        return input * (a * mask) + offset
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
    public var summaryName: String { "AlphaDropout(\(rate))" }
}
