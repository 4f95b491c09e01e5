/// Weight decay, applied by `Optimizer` around any rule.
///
///     coupled (L2):   g ← g + λ·θ                then the rule's step
///     decoupled:      θ ← θ − η·λ·θ = (1 − η·λ)·θ  then the rule's step with the raw g
///
/// Coupled decay is PyTorch's `weight_decay` on SGD, Adam, RMSProp and the rest: it equals adding
/// ½·λ·‖θ‖² to the loss, so an adaptive rule divides the decay by its √v like any gradient.
/// Decoupled decay is Loshchilov & Hutter's (2019) fix, AdamW's form and Keras 3's meaning of
/// `weight_decay` on every optimizer: each weight shrinks by the same factor whatever its
/// gradient history. For plain SGD the two agree (up to rounding); for adaptive rules they
/// differ, which is the AdamW paper's point.
///
/// η·λ uses the learning rate of the step, as PyTorch and Keras do (the paper scales λ by the
/// schedule multiplier only).
public enum WeightDecay: Equatable, Sendable, CustomStringConvertible {
    /// No decay.
    case none
    /// L2 added to the gradient: g ← g + λ·θ (PyTorch's `weight_decay`).
    case coupled(Float)
    /// θ ← (1 − η·λ)·θ before the rule's step (AdamW; Keras' `weight_decay`).
    case decoupled(Float)

    public var description: String {
        switch self {
        case .none: return "none"
        case .coupled(let λ): return "coupled(\(λ))"
        case .decoupled(let λ): return "decoupled(\(λ))"
        }
    }

    /// Applies the decay: adjusts `gradient` (coupled) or shrinks `parameter` (decoupled).
    func apply(to parameter: inout Tensor, gradient: inout Tensor, learningRate η: Float) {
        switch self {
        case .none:
            return
        case .coupled(let λ):
            gradient.updateElements(with: parameter) { g, θ in g += λ * θ }
        case .decoupled(let λ):
            let factor = 1 - η * λ
            parameter.updateElements { θ in θ *= factor }
        }
    }
}
