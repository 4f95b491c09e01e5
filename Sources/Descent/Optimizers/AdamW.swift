/// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019, Algorithm 2).
///
///     θ ← θ − η·λ·θ                       before the Adam step, with the raw gradient
///     m ← β₁·m + (1 − β₁)·g,  v ← β₂·v + (1 − β₂)·g²
///     θ ← θ − η·m̂ / (√v̂ + ε)              (see `Adam`)
///
/// The rule is Adam; the decay is `Optimizer`'s `.decoupled(λ)`, which AdamW asks for as its
/// `impliedWeightDecay`, so a `ParameterGroup` can turn it off for biases. Coupled L2
/// (`Adam` with `weightDecay: .coupled(λ)`) divides the decay by √v̂ and so decays weights with
/// large gradients less; AdamW decays every weight by the same factor. Defaults are PyTorch's
/// (η 1e-3, λ 1e-2, Adam's β₁, β₂, ε). Keras: `weightDecay: 0.004, epsilon: 1e-7` (Keras' ε
/// form: see `Adam`).
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [1e-05, 0.1]; beta1 uniform [0.8, 0.99]; beta2 uniform [0.99, 0.9999]; epsilon log-uniform [1e-10, 1]; weight_decay log-uniform [1e-05, 0.1].
public struct AdamW: UpdateRule {
    public var adam: Adam
    public var weightDecay: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 1e-2, isAMSGrad: Bool = false) {
        precondition(weightDecay >= 0, "AdamW: weightDecay must be ≥ 0, got \(weightDecay)")
        self.adam = Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, isAMSGrad: isAMSGrad)
        self.weightDecay = weightDecay
    }

    public var name: String { "adamw" }
    public static var defaultLearningRate: Float { 1e-3 }
    public var impliedWeightDecay: WeightDecay { .decoupled(weightDecay) }

    public func makeState(for parameter: Tensor) -> Adam.State { adam.makeState(for: parameter) }

    public func update(_ θ: inout Tensor, gradient: Tensor, state: inout Adam.State, learningRate: Float, step: Int) {
        adam.update(&θ, gradient: gradient, state: &state, learningRate: learningRate, step: step)
    }
}
