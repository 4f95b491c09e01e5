/// Stochastic gradient descent, with momentum in one of three textbook forms.
///
///     μ = 0:                θ ← θ − η·g
///     .pytorch (default):   b ← μ·b + (1 − τ)·g   (first step: b = g)
///                           θ ← θ − η·(g + μ·b)   if Nesterov, else θ ← θ − η·b
///     .exponentialAverage:  v ← γ·v + (1 − γ)·g   (v₀ = 0, γ = momentum)
///                           θ ← θ − η·v
///     .keras:               v ← μ·v − η·g         (v₀ = 0)
///                           θ ← θ + μ·v − η·g     if Nesterov, else θ ← θ + v
///
/// τ is `dampening` (PyTorch only). Defaults are PyTorch's: μ = 0, τ = 0, no Nesterov,
/// η = 1e-3. `.keras` reproduces Keras' SGD: it keeps η inside the velocity, which differs
/// from PyTorch's form once η changes during training. The EMA form is the course notes'
/// (`v = γv + (1−γ)g`); its steps are (1 − γ) times PyTorch's for a constant gradient.
///
/// Random search (`SearchSpace`, `descent experiment optimizers`): learning_rate log-uniform [1e-05, 0.1]; momentum uniform [0, 0.99].
public struct SGD: UpdateRule {
    /// Where the learning rate and the momentum meet; see the type's formulas.
    public enum MomentumForm: String, CaseIterable, Sendable {
        case pytorch, exponentialAverage, keras
    }

    public var momentum: Float
    public var dampening: Float
    public var isNesterov: Bool
    public var form: MomentumForm

    public init(momentum: Float = 0, dampening: Float = 0, isNesterov: Bool = false, form: MomentumForm = .pytorch) {
        precondition(momentum >= 0, "SGD: momentum must be ≥ 0, got \(momentum)")
        precondition(form == .pytorch || dampening == 0, "SGD: dampening belongs to the pytorch momentum form")
        precondition(!isNesterov || (momentum > 0 && dampening == 0 && form != .exponentialAverage),
                     "SGD: Nesterov needs momentum > 0, dampening 0 and the pytorch or keras form")
        self.momentum = momentum
        self.dampening = dampening
        self.isNesterov = isNesterov
        self.form = form
    }

    public var name: String { "sgd" }
    public static var defaultLearningRate: Float { 1e-3 }

    /// The momentum buffer b or velocity v (nil without momentum, and in the pytorch form
    /// until the first step).
    public struct State: RuleState {
        public var buffer: Tensor?
        public var slots: [String: Tensor] { buffer.map { ["momentum_buffer": $0] } ?? [:] }
        public init(buffer: Tensor?) { self.buffer = buffer }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            buffer = try slots.optionalSlot("momentum_buffer", shape: parameterShape)
        }
    }

    public func makeState(for parameter: Tensor) -> State {
        State(buffer: momentum == 0 || form == .pytorch ? nil : .zeros(like: parameter))
    }

    public func update(_ θ: inout Tensor, gradient g: Tensor, state: inout State, learningRate η: Float, step: Int) {
        let (μ, τ) = (momentum, dampening)
        guard μ != 0 else { return θ.updateElements(with: g) { θ, g in θ -= η * g } }
        let isFirst = state.buffer == nil
        var b = state.buffer ?? g
        state.buffer = nil  // hand the storage over: no copy on write
        switch form {
        case .pytorch where !isFirst:
            // Both lines in one vectorized pass over θ, b and g.
            let count = θ.count
            Tensor.withLanes(&θ, &b, reading: g) { θ, b, g in
                LaneLoop.forEachBlock(count) { i, width in
                    let gradient = g[i, width]
                    let momentum = μ * b[i, width] + (1 - τ) * gradient
                    b[i, width] = momentum
                    θ[i, width] -= isNesterov ? η * (gradient + μ * momentum) : η * momentum
                }
            }
        case .pytorch:  // the first step: b = g
            if isNesterov {
                θ.updateElements(with: g, b) { θ, g, b in θ -= η * (g + μ * b) }
            } else {
                θ.updateElements(with: b) { θ, b in θ -= η * b }
            }
        case .exponentialAverage:
            b.updateElements(with: g) { v, g in v = μ * v + (1 - μ) * g }
            θ.updateElements(with: b) { θ, v in θ -= η * v }
        case .keras:
            b.updateElements(with: g) { v, g in v = μ * v - η * g }
            if isNesterov {
                θ.updateElements(with: g, b) { θ, g, v in θ += μ * v - η * g }
            } else {
                θ.updateElements(with: b) { θ, v in θ += v }
            }
        }
        state.buffer = b
    }
}
