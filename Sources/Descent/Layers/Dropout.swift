/// Dropout (Srivastava et al., 2014): each element is zeroed with probability p while training.
///
///     inverted (default):  training  y = x·m/(1 − p)   inference  y = x
///     classic:             training  y = x·m           inference  y = (1 − p)·x
///
/// m ~ Bernoulli(1 − p) per element, so E[y] = x in inverted training as in its inference, and
/// E[y] = (1 − p)·x in both phases of the classic form (the course's variant). Inverted dropout
/// is what PyTorch's `nn.Dropout` and Keras' `Dropout` do. Masks come from `generator`.
///
/// ```swift
/// let model = Sequential {
///     Dense(inputSize: 784, outputSize: 512, activation: .relu)
///     Dropout(rate: 0.5)
///     Dense(inputSize: 512, outputSize: 10)
/// }
/// ```
public final class Dropout: StochasticLayer {
    /// Where the 1/(1 − p) correction goes.
    public enum Scaling: String, Sendable { case inverted, classic }

    /// p, the probability of dropping an element.
    public let rate: Float
    public let scaling: Scaling
    public var isTraining = true
    public var isActiveInInference = false
    public var generator: RandomGenerator

    public init(rate: Float, scaling: Scaling = .inverted, generator: RandomGenerator = .default) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate must lie in [0, 1), got \(rate)")
        self.rate = rate
        self.scaling = scaling
        self.generator = generator
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isStochastic else { return scaling == .classic && rate > 0 ? input * (1 - rate) : input }
        guard rate > 0 else { return input }
        let kept: Float = scaling == .inverted ? 1 / (1 - rate) : 1
        return input * Tensor.dropoutMask(input.shape, rate: rate, keptValue: kept, generator: generator)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
    public var summaryName: String { "Dropout(\(rate)\(scaling == .classic ? ", classic" : ""))" }
}
