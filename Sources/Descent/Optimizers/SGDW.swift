/// SGDW: SGD with momentum and decoupled weight decay (Loshchilov & Hutter, 2019, Algorithm 1).
///
///     θ ← θ − η·λ·θ                       before the SGD step, with the raw gradient
///     b ← μ·b + (1 − τ)·g,  θ ← θ − η·b    (see `SGD`, any momentum form)
///
/// The rule is SGD; the decay is `Optimizer`'s `.decoupled(λ)`, asked for as the
/// `impliedWeightDecay`. Without momentum it equals SGD with coupled L2 (g + λθ); with momentum
/// the coupled decay enters the buffer and is amplified by 1/(1 − μ), the decoupled one is not.
/// Neither PyTorch nor Keras has an SGDW class: Keras' `SGD(weight_decay=λ)` is this rule with
/// `form: .keras`. The default λ 1e-2 matches `AdamW`'s.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [1e-05, 0.1]; momentum uniform [0, 0.99]; weight_decay log-uniform [1e-05, 0.1].
public struct SGDW: UpdateRule {
    public var sgd: SGD
    public var weightDecay: Float

    public init(momentum: Float = 0, dampening: Float = 0, isNesterov: Bool = false, form: SGD.MomentumForm = .pytorch,
                weightDecay: Float = 1e-2) {
        precondition(weightDecay >= 0, "SGDW: weightDecay must be ≥ 0, got \(weightDecay)")
        self.sgd = SGD(momentum: momentum, dampening: dampening, isNesterov: isNesterov, form: form)
        self.weightDecay = weightDecay
    }

    public var name: String { "sgdw" }
    public static var defaultLearningRate: Float { 1e-3 }
    public var impliedWeightDecay: WeightDecay { .decoupled(weightDecay) }

    public func makeState(for parameter: Tensor) -> SGD.State { sgd.makeState(for: parameter) }

    public func update(_ θ: inout Tensor, gradient: Tensor, state: inout SGD.State, learningRate: Float, step: Int) {
        sgd.update(&θ, gradient: gradient, state: &state, learningRate: learningRate, step: step)
    }
}
