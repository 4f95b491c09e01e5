import Foundation

/// RAdam: Adam whose adaptive step is switched on only once the variance of v̂ is tractable,
/// and then rectified (Liu et al., 2020), in PyTorch's form.
///
///     m ← β₁·m + (1 − β₁)·g            m̂ = m / (1 − β₁ᵗ)
///     v ← β₂·v + (1 − β₂)·g²           t counts from 1
///     ρ∞ = 2/(1 − β₂) − 1,   ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
///     ρₜ > 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
///              θ ← θ − η·m̂·r·√(1 − β₂ᵗ)/(√v + ε)
///     else:    θ ← θ − η·m̂                    (SGD with momentum: the warm-up)
///
/// With β₂ = 0.999 the first 5 steps are the SGD warm-up. Defaults are PyTorch's (η 1e-3,
/// β₁ 0.9, β₂ 0.999, ε 1e-8). Keras 3 has no RAdam.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [1e-05, 0.1]; beta1 uniform [0.8, 0.99]; beta2 uniform [0.99, 0.9999]; epsilon log-uniform [1e-10, 1].
public struct RAdam: UpdateRule {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "RAdam: β₁ and β₂ must lie in [0, 1), got \(beta1), \(beta2)")
        precondition(epsilon >= 0, "RAdam: ε must be ≥ 0, got \(epsilon)")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public var name: String { "radam" }
    public static var defaultLearningRate: Float { 1e-3 }

    public typealias State = Adam.State

    public func makeState(for parameter: Tensor) -> State { State(m: .zeros(like: parameter), v: .zeros(like: parameter), vMax: nil) }

    /// r, or nil while ρₜ ≤ 5 (the warm-up).
    public func rectification(step t: Int) -> Float? {
        let (β2, t) = (beta2, Float(t))
        let ρInfinity = 2 / (1 - β2) - 1
        let ρ = ρInfinity - 2 * t * Foundation.pow(β2, t) / (1 - Foundation.pow(β2, t))
        guard ρ > 5 else { return nil }
        return ((ρ - 4) * (ρ - 2) * ρInfinity / ((ρInfinity - 4) * (ρInfinity - 2) * ρ)).squareRoot()
    }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step t: Int) {
        let (β1, β2, ε) = (beta1, beta2, epsilon)
        let correction1 = 1 - Foundation.pow(β1, Float(t))
        let correction2Root = (1 - Foundation.pow(β2, Float(t))).squareRoot()
        state.m.updateElements(with: g) { m, g in m = β1 * m + (1 - β1) * g }
        state.v.updateElements(with: g) { v, g in v = β2 * v + (1 - β2) * g * g }
        if let r = rectification(step: t) {
            θ.updateElements(with: state.m, state.v) { θ, m, v in θ -= η * (m / correction1) * r * correction2Root / (v.squareRoot() + ε) }
        } else {
            θ.updateElements(with: state.m) { θ, m in θ -= η * (m / correction1) }
        }
    }
}
