import Foundation

/// AdaMax: Adam with the infinity norm in place of the second moment (Kingma & Ba, 2015, §7.1).
///
///     m ← β₁·m + (1 − β₁)·g
///     u ← max(β₂·u, |g| + ε)            u₀ = 0
///     θ ← θ − η/(1 − β₁ᵗ) · m/u          t counts from 1
///
/// u needs no bias correction. Defaults are PyTorch's (η 2e-3, β₁ 0.9, β₂ 0.999, ε 1e-8), and so
/// is the place of ε. Keras uses u ← max(β₂·u, |g|) and divides by u + ε (ε 1e-7, η 1e-3): the
/// two agree unless |g| is near ε.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [2e-05, 0.2]; beta1 uniform [0.8, 0.99]; beta2 uniform [0.99, 0.9999]; epsilon log-uniform [1e-10, 1].
public struct AdaMax: UpdateRule {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "AdaMax: β₁ and β₂ must lie in [0, 1), got \(beta1), \(beta2)")
        precondition(epsilon >= 0, "AdaMax: ε must be ≥ 0, got \(epsilon)")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public var name: String { "adamax" }
    public static var defaultLearningRate: Float { 2e-3 }

    /// The first moment m and the exponentially weighted infinity norm u.
    public struct State: RuleState {
        public var m: Tensor
        public var u: Tensor
        public var slots: [String: Tensor] { ["exp_avg": m, "exp_inf": u] }
        public init(m: Tensor, u: Tensor) { self.m = m; self.u = u }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            m = try slots.slot("exp_avg", shape: parameterShape)
            u = try slots.slot("exp_inf", shape: parameterShape)
        }
    }

    public func makeState(for parameter: Tensor) -> State { State(m: .zeros(like: parameter), u: .zeros(like: parameter)) }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step t: Int) {
        let (β1, β2, ε) = (beta1, beta2, epsilon)
        let stepSize = η / (1 - Foundation.pow(β1, Float(t)))
        state.m.updateElements(with: g) { m, g in m = β1 * m + (1 - β1) * g }
        state.u.updateElements(with: g) { u, g in u = Swift.max(β2 * u, Swift.abs(g) + ε) }
        θ.updateElements(with: state.m, state.u) { θ, m, u in θ -= stepSize * m / u }
    }
}
