import Foundation

/// AdaGrad: per-coordinate steps that shrink with the sum of past squared gradients
/// (Duchi, Hazan & Singer, 2011).
///
///     ηₜ = η / (1 + (t − 1)·d)          d = lrDecay, t counts from 1
///     s ← s + g²                        s₀ = initialAccumulatorValue
///     θ ← θ − ηₜ·g / (√s + ε)
///
/// Because s only grows, the steps only shrink: AdaGrad slows down on long runs, the problem
/// RMSProp and Adadelta fix by averaging instead of summing. Defaults are PyTorch's (η 1e-2,
/// s₀ 0, d 0, ε 1e-10). Keras: `initialAccumulatorValue: 0.1, epsilon: 1e-7,
/// epsilonPlacement: .insideSquareRoot` (g / √(s + ε)), learning rate 1e-3.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [0.0001, 1]; initial_accumulator_value uniform [0, 1]; epsilon log-uniform [1e-10, 0.1].
public struct AdaGrad: UpdateRule {
    public var initialAccumulatorValue: Float
    public var lrDecay: Float
    public var epsilon: Float
    public var epsilonPlacement: EpsilonPlacement

    public init(initialAccumulatorValue: Float = 0, lrDecay: Float = 0, epsilon: Float = 1e-10,
                epsilonPlacement: EpsilonPlacement = .outsideSquareRoot) {
        precondition(initialAccumulatorValue >= 0, "AdaGrad: initialAccumulatorValue must be ≥ 0, got \(initialAccumulatorValue)")
        precondition(lrDecay >= 0, "AdaGrad: lrDecay must be ≥ 0, got \(lrDecay)")
        precondition(epsilon >= 0, "AdaGrad: ε must be ≥ 0, got \(epsilon)")
        self.initialAccumulatorValue = initialAccumulatorValue
        self.lrDecay = lrDecay
        self.epsilon = epsilon
        self.epsilonPlacement = epsilonPlacement
    }

    public var name: String { "adagrad" }
    public static var defaultLearningRate: Float { 1e-2 }

    /// The sum of squared gradients s.
    public struct State: RuleState {
        public var sum: Tensor
        public var slots: [String: Tensor] { ["sum": sum] }
        public init(sum: Tensor) { self.sum = sum }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            sum = try slots.slot("sum", shape: parameterShape)
        }
    }

    public func makeState(for parameter: Tensor) -> State {
        State(sum: .full(parameter.shape, initialAccumulatorValue))
    }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step t: Int) {
        let (ε, placement) = (epsilon, epsilonPlacement)
        let ηt = η / (1 + Float(t - 1) * lrDecay)
        state.sum.updateElements(with: g) { s, g in s += g * g }
        θ.updateElements(with: g, state.sum) { θ, g, s in θ -= ηt * g / placement.denominator(s, ε) }
    }
}
