/// Randomized leaky ReLU (Xu et al., 2015): the negative slope is random while training and
/// its mean in inference.
///
///     training:   y = x if x ≥ 0 else a·x,  a ~ U(lower, upper) per element
///     inference:  y = x if x ≥ 0 else ((lower + upper)/2)·x
///
/// Defaults lower = 1/8, upper = 1/3 are PyTorch's `RReLU`. Slopes come from `generator`.
public final class RReLU: Layer, RandomGeneratorOwner {
    public let lower: Float
    public let upper: Float
    public var isTraining = true
    /// The source of the random slopes.
    public var generator: RandomGenerator

    public init(lower: Float = 1.0 / 8, upper: Float = 1.0 / 3, generator: RandomGenerator = .default) {
        precondition(0 <= lower && lower <= upper, "RReLU: needs 0 ≤ lower ≤ upper, got \(lower) and \(upper)")
        self.lower = lower
        self.upper = upper
        self.generator = generator
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isTraining else { return input.leakyReLU(alpha: (lower + upper) / 2) }
        let slopes = Tensor.randomUniform(input.shape, low: lower, high: upper, generator: generator)
        return Tensor.where(input .>= Tensor(0), input, slopes * input)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
    public var summaryName: String { "RReLU(\(lower), \(upper))" }
}
