/// Squared hinge loss for two classes with one score per sample:
///
///     L = mean(max(0, 1 − y·ŷ)²)          ∂L/∂ŷ = −2y·max(0, 1 − y·ŷ)/n
///
/// Smooth at the margin, unlike `Hinge`. Targets are ±1, or 0/1 mapped to 2y − 1 when the whole
/// batch is 0/1, exactly as `Hinge`. Matches Keras `squared_hinge` /
/// `keras.losses.SquaredHinge()`; PyTorch has no equivalent.
///
/// ```swift
/// SquaredHinge()(Tensor([[0.5], [-2]]), Tensor([1, -1]))   // (0.5² + 0) / 2 = 0.125
/// ```
public struct SquaredHinge: Loss {
    public init() {}
    public var name: String { "squared_hinge" }
    public var targetKind: LossTargetKind { .binaryLabels }

    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        Hinge.margins(predictions, targets, loss: "SquaredHinge").squared().mean()
    }
}
