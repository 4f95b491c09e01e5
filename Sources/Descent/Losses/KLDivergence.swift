/// Kullback–Leibler divergence of predicted probabilities ŷ [N, K] from target probabilities
/// y [N, K], clipped as Keras does:
///
///     ỹ = clip(y, ε, 1)      p̃ = clip(ŷ, ε, 1)      ε = 1e-7
///     ℓᵢ = Σₖ ỹᵢₖ·log(ỹᵢₖ / p̃ᵢₖ)          L = mean over the N samples
///     ∂L/∂ŷᵢₖ = −ỹᵢₖ / (N·p̃ᵢₖ) inside the clip range, 0 where clipped
///
/// Predictions are probabilities, not logits, as in Keras `kl_divergence(y_true, y_pred)` /
/// `keras.losses.KLDivergence()`: end the model in a softmax. Targets are probability rows, or
/// class indices [N] read as one-hot rows. PyTorch `KLDivLoss` differs: it takes
/// log-probabilities as input, does not clip, and its default `reduction='mean'` divides by
/// N·K (`'batchmean'` divides by N, as here).
///
/// ```swift
/// KLDivergence()(Tensor([[0.5, 0.5]]), Tensor([[1, 0]]))   // 1·log(1/0.5) + 1e-7·log(1e-7/0.5) ≈ 0.6931457
/// ```
public struct KLDivergence: Loss {
    /// ε, Keras' `backend.epsilon()`.
    static let epsilon: Float = 1e-7

    public init() {}
    public var name: String { "kl_divergence" }
    public var targetKind: LossTargetKind { .distributions }

    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        let y = classDistribution(for: predictions, targets, loss: "KLDivergence").detached()
            .clamped(min: Self.epsilon, max: 1)
        let p = predictions.clamped(min: Self.epsilon, max: 1)
        return (y * (y.log() - p.log())).sum(alongAxes: [1]).mean()
    }
}
