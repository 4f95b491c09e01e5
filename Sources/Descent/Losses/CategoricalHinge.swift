/// Categorical hinge on scores ŷ [N, K] (Keras `categorical_hinge` /
/// `keras.losses.CategoricalHinge()`), with t the one-hot row of the target class y:
///
///     pos = Σⱼ tⱼ·ŷⱼ = ŷ_y
///     neg = maxⱼ (1 − tⱼ)·ŷⱼ = max(0, max_{j≠y} ŷⱼ)
///     ℓ = max(0, neg − pos + 1)          L = mean over the N samples
///
/// The true class enters `neg` as 0 (Keras masks by multiplying), so `neg` is never below 0;
/// this follows Keras exactly. The textbook multi-class margin (Crammer & Singer, 2001) takes
/// max_{j≠y} ŷⱼ and differs only when every wrong score is negative. Targets are class indices
/// [N] (stored as Float) or one-hot rows [N, K]; predictions are raw scores. PyTorch's
/// `MultiMarginLoss` sums the margins of all wrong classes instead of taking the largest.
///
/// ```swift
/// CategoricalHinge()(Tensor([[2, 0.5, -1]]), Tensor([0]))   // max(0, 0.5 − 2 + 1) = 0
/// ```
public struct CategoricalHinge: Loss {
    public init() {}
    public var name: String { "categorical_hinge" }
    public var targetKind: LossTargetKind { .classIndices }

    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        let oneHot = classDistribution(for: predictions, targets, loss: "CategoricalHinge").detached()
        let positive = (oneHot * predictions).sum(alongAxes: [1])
        let negative = ((1 - oneHot) * predictions).max(alongAxes: [1])
        return (negative - positive + 1).relu().mean()
    }
}
