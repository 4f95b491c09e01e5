/// Stochastic gradient descent with optional momentum, in PyTorch's form:
///
///     b ← μ·b + (1 − dampening)·g      (first step: b = g)
///     d = g + μ·b   if Nesterov, else b
///     θ ← θ − η·d
///
/// With μ = 0 this is plain `θ ← θ − η·g`. Defaults are PyTorch's (μ = 0, dampening 0,
/// Nesterov off). Keras keeps η inside the velocity (`m ← μm − ηg; θ ← θ + m`), which differs
/// once η changes during training.
public struct SGD: UpdateRule {
    public var momentum: Float
    public var dampening: Float
    public var isNesterov: Bool

    public init(momentum: Float = 0, dampening: Float = 0, isNesterov: Bool = false) {
        precondition(momentum >= 0, "SGD: momentum must be ≥ 0, got \(momentum)")
        precondition(!isNesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov needs momentum > 0 and dampening 0")
        self.momentum = momentum
        self.dampening = dampening
        self.isNesterov = isNesterov
    }

    public var name: String { "sgd" }
    public static var defaultLearningRate: Float { 1e-3 }

    /// The momentum buffer b (empty until the first step when μ > 0).
    public struct State: RuleState {
        public var buffer: Tensor?
        public var slots: [String: Tensor] { buffer.map { ["momentum_buffer": $0] } ?? [:] }
        public init(buffer: Tensor?) { self.buffer = buffer }
        public init(slots: [String: Tensor], parameterShape: [Int]) throws {
            buffer = slots["momentum_buffer"] == nil ? nil : try slots.slot("momentum_buffer", shape: parameterShape)
        }
    }

    public func makeState(for parameter: Tensor) -> State { State(buffer: nil) }

    public func update(_ parameter: inout Tensor, gradient: Tensor, state: inout State, learningRate η: Float, step: Int) {
        let μ = momentum
        guard μ != 0 else {
            parameter.withUnsafeMutableScalars { θ in
                gradient.withUnsafeScalars { g in for i in θ.indices { θ[i] -= η * g[i] } }
            }
            return
        }
        let isFirst = state.buffer == nil
        var buffer = state.buffer ?? gradient
        state.buffer = nil  // hand the storage over: no copy on write
        parameter.withUnsafeMutableScalars { θ in
            gradient.withUnsafeScalars { g in
                buffer.withUnsafeMutableScalars { b in
                    for i in θ.indices {
                        if !isFirst { b[i] = μ * b[i] + (1 - dampening) * g[i] }
                        let d = isNesterov ? g[i] + μ * b[i] : b[i]
                        θ[i] -= η * d
                    }
                }
            }
        }
        state.buffer = buffer
    }
}
