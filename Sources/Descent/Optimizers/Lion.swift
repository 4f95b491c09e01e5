/// Lion: evolved sign momentum (Chen et al., 2023, "Symbolic Discovery of Optimization
/// Algorithms", Program 1).
///
///     c = β₁·m + (1 − β₁)·g
///     θ ← θ − η·sign(c)                 sign(0) = 0
///     m ← β₂·m + (1 − β₂)·g             m₀ = 0
///
/// Every coordinate moves by exactly η (or 0), so η must be 3–10× smaller than Adam's, and the
/// paper's weight decay, decoupled (`Optimizer(…, weightDecay: .decoupled(λ))`), 3–10× larger.
/// Defaults are the paper's and the reference implementation's (η 1e-4, β₁ 0.9, β₂ 0.99);
/// Keras 3's `Lion` has the same rule with η 1e-3. PyTorch has no Lion.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [1e-06, 0.01]; beta1 uniform [0.8, 0.99]; beta2 uniform [0.9, 0.999].
public struct Lion: UpdateRule {
    public var beta1: Float
    public var beta2: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.99) {
        precondition((0...1).contains(beta1) && (0..<1).contains(beta2), "Lion: β₁ must lie in [0, 1] and β₂ in [0, 1), got \(beta1), \(beta2)")
        self.beta1 = beta1
        self.beta2 = beta2
    }

    public var name: String { "lion" }
    public static var defaultLearningRate: Float { 1e-4 }

    /// The momentum m.
    public struct State: RuleState {
        public var m: Tensor
        public var slots: [String: Tensor] { ["exp_avg": m] }
        public init(m: Tensor) { self.m = m }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws { m = try slots.slot("exp_avg", shape: parameterShape) }
    }

    public func makeState(for parameter: Tensor) -> State { State(m: .zeros(like: parameter)) }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step: Int) {
        let (β1, β2) = (beta1, beta2)
        θ.updateElements(with: state.m, g) { θ, m, g in
            let c = β1 * m + (1 - β1) * g
            θ -= η * (c > 0 ? 1 : (c < 0 ? -1 : 0))
        }
        state.m.updateElements(with: g) { m, g in m = β2 * m + (1 - β2) * g }
    }
}
