import Foundation

/// Adam: adaptive moment estimates (Kingma & Ba, 2015, Algorithm 1).
///
///     m ← β₁·m + (1 − β₁)·g          m̂ = m / (1 − β₁ᵗ)
///     v ← β₂·v + (1 − β₂)·g²         v̂ = v / (1 − β₂ᵗ)
///     θ ← θ − η·m̂ / (√v̂ + ε)         t counts from 1
///
/// AMSGrad (Reddi et al., 2018) keeps vₘₐₓ ← max(vₘₐₓ, v) and uses it in place of v (PyTorch's
/// form: the maximum of the raw v, bias-corrected afterwards). Defaults are PyTorch's (η 1e-3,
/// β₁ 0.9, β₂ 0.999, ε 1e-8). Keras adds ε before the bias correction ("ε-hat",
/// θ ← θ − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε)) with ε = 1e-7: the same as this rule with ε
/// scaled by √(1 − β₂ᵗ), which matters only while √v̂ is near ε.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [1e-05, 0.1]; beta1 uniform [0.8, 0.99]; beta2 uniform [0.99, 0.9999]; epsilon log-uniform [1e-10, 1].
public struct Adam: UpdateRule {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var isAMSGrad: Bool

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, isAMSGrad: Bool = false) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: β₁ and β₂ must lie in [0, 1), got \(beta1), \(beta2)")
        precondition(epsilon >= 0, "Adam: ε must be ≥ 0, got \(epsilon)")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.isAMSGrad = isAMSGrad
    }

    public var name: String { "adam" }
    public static var defaultLearningRate: Float { 1e-3 }

    /// First and second moments, and the running maximum of v for AMSGrad.
    public struct State: RuleState {
        public var m: Tensor
        public var v: Tensor
        public var vMax: Tensor?
        public var slots: [String: Tensor] {
            var result = ["exp_avg": m, "exp_avg_sq": v]
            result["max_exp_avg_sq"] = vMax
            return result
        }
        public init(m: Tensor, v: Tensor, vMax: Tensor?) { self.m = m; self.v = v; self.vMax = vMax }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            m = try slots.slot("exp_avg", shape: parameterShape)
            v = try slots.slot("exp_avg_sq", shape: parameterShape)
            vMax = try slots.optionalSlot("max_exp_avg_sq", shape: parameterShape)
        }
    }

    public func makeState(for parameter: Tensor) -> State {
        State(m: .zeros(like: parameter), v: .zeros(like: parameter), vMax: isAMSGrad ? .zeros(like: parameter) : nil)
    }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step t: Int) {
        let (β1, β2, ε) = (beta1, beta2, epsilon)
        let stepSize = η / (1 - Foundation.pow(β1, Float(t)))
        let correction2Root = (1 - Foundation.pow(β2, Float(t))).squareRoot()
        guard !isAMSGrad else {
            state.m.updateElements(with: g) { m, g in m = β1 * m + (1 - β1) * g }
            state.v.updateElements(with: g) { v, g in v = β2 * v + (1 - β2) * g * g }
            state.vMax!.updateElements(with: state.v) { vMax, v in vMax = Swift.max(vMax, v) }
            return θ.updateElements(with: state.m, state.vMax!) { θ, m, v in
                θ -= stepSize * m / (v.squareRoot() / correction2Root + ε)
            }
        }
        // The same three lines fused into one pass over θ, m, v and g, in the widest vectors
        // the CPU has (`ElementwiseKernels.adam`; the same bits on every instruction set).
        let coefficients = AdamCoefficients(beta1: β1, beta2: β2, epsilon: ε, stepSize: stepSize, correction2Root: correction2Root)
        let count = θ.count
        Tensor.withLanes(&θ, &state.m, &state.v, reading: g) { θ, m, v, g in
            LaneLoop.forEachRange(count) { range in
                ElementwiseKernels.adam(θ.base, m.base, v.base, g.base, range, coefficients)
            }
        }
    }
}
