/// Huber loss: quadratic near zero, linear beyond δ, so outliers pull with a bounded force:
///
///     x = ŷ − y
///     ℓ(x) = ½x²             for |x| ≤ δ        ∂ℓ/∂x = x
///     ℓ(x) = δ·(|x| − ½δ)     for |x| > δ        ∂ℓ/∂x = δ·sign(x)
///     L = mean of ℓ over all elements
///
/// Matches PyTorch `HuberLoss(delta=1.0, reduction='mean')` and Keras `Huber(delta=1.0)` (which
/// averages over the last axis, then the batch: the same for equal-sized samples). With δ = 1
/// it equals PyTorch's `SmoothL1Loss(beta=1)`; for other δ, SmoothL1 is Huber divided by δ.
///
/// ```swift
/// Huber()(Tensor([0.5, 3]), Tensor([0, 0]))   // (½·0.25 + (3 − ½)) / 2 = 1.3125
/// ```
public struct Huber: Loss {
    /// δ > 0: where the quadratic part ends.
    public let delta: Float

    public init(delta: Float = 1.0) {
        precondition(delta.isFinite && delta > 0, "Huber: delta \(delta) must be finite and > 0")
        self.delta = delta
    }

    public var name: String { "huber" }

    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        meanOfError(predictions, targets, loss: "Huber") { error in
            let magnitude = error.abs()
            let quadratic = 0.5 * error.squared()
            let linear = delta * (magnitude - 0.5 * delta)
            return Tensor.where(magnitude.detached() .<= Tensor(delta), quadratic, linear)
        }
    }
}
