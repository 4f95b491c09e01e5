/// RMSProp: steps divided by a running root mean square of the gradient (Hinton, 2012).
///
///     v ← α·v + (1 − α)·g²                     v₀ = 0
///     centered:  ḡ ← α·ḡ + (1 − α)·g,  v̄ = v − ḡ²      else v̄ = v
///     d = g / (√v̄ + ε)
///     μ > 0:     b ← μ·b + d,  θ ← θ − η·b             else θ ← θ − η·d
///
/// Unlike AdaGrad's sum, the average forgets: the step size does not decay to zero. The
/// centered form divides by an estimate of the variance rather than the raw second moment.
/// Defaults are PyTorch's (η 1e-2, α 0.99, ε 1e-8, μ 0, not centered). Keras calls α `rho`;
/// `alpha: 0.9, epsilon: 1e-7, epsilonPlacement: .insideSquareRoot` (d = g / √(v̄ + ε)) with
/// η 1e-3 reproduces it. Keras keeps η inside the momentum buffer (b ← μ·b + η·d), which is the
/// same as long as η is constant.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [0.0001, 1]; alpha uniform [0.9, 0.999]; epsilon log-uniform [1e-10, 1].
public struct RMSProp: UpdateRule {
    public var alpha: Float
    public var epsilon: Float
    public var momentum: Float
    public var isCentered: Bool
    public var epsilonPlacement: EpsilonPlacement

    public init(alpha: Float = 0.99, epsilon: Float = 1e-8, momentum: Float = 0, isCentered: Bool = false,
                epsilonPlacement: EpsilonPlacement = .outsideSquareRoot) {
        precondition((0...1).contains(alpha), "RMSProp: α must lie in [0, 1], got \(alpha)")
        precondition(epsilon >= 0, "RMSProp: ε must be ≥ 0, got \(epsilon)")
        precondition(momentum >= 0, "RMSProp: momentum must be ≥ 0, got \(momentum)")
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.isCentered = isCentered
        self.epsilonPlacement = epsilonPlacement
    }

    public var name: String { "rmsprop" }
    public static var defaultLearningRate: Float { 1e-2 }

    /// The average squared gradient v; the average gradient ḡ (centered); the buffer b (μ > 0).
    public struct State: RuleState {
        public var squareAverage: Tensor
        public var gradientAverage: Tensor?
        public var buffer: Tensor?
        public var slots: [String: Tensor] {
            var result = ["square_avg": squareAverage]
            result["grad_avg"] = gradientAverage
            result["momentum_buffer"] = buffer
            return result
        }
        public init(squareAverage: Tensor, gradientAverage: Tensor?, buffer: Tensor?) {
            self.squareAverage = squareAverage
            self.gradientAverage = gradientAverage
            self.buffer = buffer
        }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            squareAverage = try slots.slot("square_avg", shape: parameterShape)
            gradientAverage = try slots.optionalSlot("grad_avg", shape: parameterShape)
            buffer = try slots.optionalSlot("momentum_buffer", shape: parameterShape)
        }
    }

    public func makeState(for parameter: Tensor) -> State {
        State(squareAverage: .zeros(like: parameter),
              gradientAverage: isCentered ? .zeros(like: parameter) : nil,
              buffer: momentum > 0 ? .zeros(like: parameter) : nil)
    }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step: Int) {
        let (α, ε, μ, placement) = (alpha, epsilon, momentum, epsilonPlacement)
        state.squareAverage.updateElements(with: g) { v, g in v = α * v + (1 - α) * g * g }
        var d = g
        if isCentered {
            state.gradientAverage!.updateElements(with: g) { m, g in m = α * m + (1 - α) * g }
            d.updateElements(with: state.squareAverage, state.gradientAverage!) { d, v, m in d /= placement.denominator(v - m * m, ε) }
        } else {
            d.updateElements(with: state.squareAverage) { d, v in d /= placement.denominator(v, ε) }
        }
        if μ > 0 {
            state.buffer!.updateElements(with: d) { b, d in b = μ * b + d }
            θ.updateElements(with: state.buffer!) { θ, b in θ -= η * b }
        } else {
            θ.updateElements(with: d) { θ, d in θ -= η * d }
        }
    }
}
