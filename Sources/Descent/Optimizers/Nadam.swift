import Foundation

/// Nadam: Adam with Nesterov momentum (Dozat, 2016), in PyTorch's form with a warming
/// momentum schedule.
///
///     μₜ = β₁·(1 − ½·0.96^(t·ψ))          ψ = momentumDecay, t counts from 1
///     Πₜ = μ₁·μ₂·…·μₜ                     (kept in the state)
///     m ← β₁·m + (1 − β₁)·g
///     v ← β₂·v + (1 − β₂)·g²              D = √(v / (1 − β₂ᵗ)) + ε
///     θ ← θ − η·(1 − μₜ)/(1 − Πₜ) · g/D − η·μₜ₊₁/(1 − Πₜ·μₜ₊₁) · m/D
///
/// Defaults are PyTorch's (η 2e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, ψ 4e-3). Keras' schedule is
/// μₜ = β₁·(1 − ½·0.96ᵗ): `momentumDecay: 1` reproduces it (with Keras' ε 1e-7, η 1e-3).
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [2e-05, 0.2]; beta1 uniform [0.8, 0.99]; beta2 uniform [0.99, 0.9999]; epsilon log-uniform [1e-10, 1].
public struct Nadam: UpdateRule {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var momentumDecay: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, momentumDecay: Float = 4e-3) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Nadam: β₁ and β₂ must lie in [0, 1), got \(beta1), \(beta2)")
        precondition(epsilon >= 0, "Nadam: ε must be ≥ 0, got \(epsilon)")
        precondition(momentumDecay >= 0, "Nadam: momentumDecay must be ≥ 0, got \(momentumDecay)")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.momentumDecay = momentumDecay
    }

    public var name: String { "nadam" }
    public static var defaultLearningRate: Float { 2e-3 }

    /// The moments m and v, and the product Π of the momentum schedule so far.
    public struct State: RuleState {
        public var m: Tensor
        public var v: Tensor
        public var muProduct: Float
        public var slots: [String: Tensor] { ["exp_avg": m, "exp_avg_sq": v, "mu_product": Tensor(muProduct)] }
        public init(m: Tensor, v: Tensor, muProduct: Float) { self.m = m; self.v = v; self.muProduct = muProduct }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            m = try slots.slot("exp_avg", shape: parameterShape)
            v = try slots.slot("exp_avg_sq", shape: parameterShape)
            muProduct = try slots.slot("mu_product", shape: []).scalar
        }
    }

    public func makeState(for parameter: Tensor) -> State { State(m: .zeros(like: parameter), v: .zeros(like: parameter), muProduct: 1) }

    /// μₜ of the momentum schedule.
    public func momentumCoefficient(step t: Int) -> Float {
        beta1 * (1 - 0.5 * Foundation.pow(0.96, Float(t) * momentumDecay))
    }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step t: Int) {
        let (β1, β2, ε) = (beta1, beta2, epsilon)
        let (μ, μNext) = (momentumCoefficient(step: t), momentumCoefficient(step: t + 1))
        state.muProduct *= μ
        let gradientWeight = η * (1 - μ) / (1 - state.muProduct)
        let momentWeight = η * μNext / (1 - state.muProduct * μNext)
        let correction2 = 1 - Foundation.pow(β2, Float(t))
        state.m.updateElements(with: g) { m, g in m = β1 * m + (1 - β1) * g }
        state.v.updateElements(with: g) { v, g in v = β2 * v + (1 - β2) * g * g }
        θ.updateElements(with: g, state.m, state.v) { θ, g, m, v in
            let d = (v / correction2).squareRoot() + ε
            θ -= gradientWeight * g / d + momentWeight * m / d
        }
    }
}
