/// Adadelta: AdaGrad's steps with running averages in place of sums, and units restored by the
/// average of past squared steps (Zeiler, 2012).
///
///     v ← ρ·v + (1 − ρ)·g²                  v₀ = 0
///     Δ = √(u + ε) / √(v + ε) · g           u₀ = 0
///     u ← ρ·u + (1 − ρ)·Δ²
///     θ ← θ − η·Δ
///
/// The paper has no η (η = 1, PyTorch's default). Defaults are PyTorch's (η 1.0, ρ 0.9,
/// ε 1e-6). The same formula reproduces Keras with `rho: 0.95, epsilon: 1e-7` and η 1e-3.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [0.01, 100]; rho uniform [0.8, 0.99]; epsilon log-uniform [1e-08, 0.01].
public struct Adadelta: UpdateRule {
    public var rho: Float
    public var epsilon: Float

    public init(rho: Float = 0.9, epsilon: Float = 1e-6) {
        precondition((0...1).contains(rho), "Adadelta: ρ must lie in [0, 1], got \(rho)")
        precondition(epsilon >= 0, "Adadelta: ε must be ≥ 0, got \(epsilon)")
        self.rho = rho
        self.epsilon = epsilon
    }

    public var name: String { "adadelta" }
    public static var defaultLearningRate: Float { 1.0 }

    /// The average squared gradient v and the average squared step u.
    public struct State: RuleState {
        public var squareAverage: Tensor
        public var deltaAverage: Tensor
        public var slots: [String: Tensor] { ["square_avg": squareAverage, "acc_delta": deltaAverage] }
        public init(squareAverage: Tensor, deltaAverage: Tensor) {
            self.squareAverage = squareAverage
            self.deltaAverage = deltaAverage
        }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            squareAverage = try slots.slot("square_avg", shape: parameterShape)
            deltaAverage = try slots.slot("acc_delta", shape: parameterShape)
        }
    }

    public func makeState(for parameter: Tensor) -> State {
        State(squareAverage: .zeros(like: parameter), deltaAverage: .zeros(like: parameter))
    }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step: Int) {
        let (ρ, ε) = (rho, epsilon)
        state.squareAverage.updateElements(with: g) { v, g in v = ρ * v + (1 - ρ) * g * g }
        var delta = g
        delta.updateElements(with: state.deltaAverage, state.squareAverage) { d, u, v in d = (u + ε).squareRoot() / (v + ε).squareRoot() * d }
        state.deltaAverage.updateElements(with: delta) { u, d in u = ρ * u + (1 - ρ) * d * d }
        θ.updateElements(with: delta) { θ, d in θ -= η * d }
    }
}
