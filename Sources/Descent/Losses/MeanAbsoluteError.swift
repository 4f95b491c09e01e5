/// Mean absolute error over all elements:
///
///     L = (1/n) Σ |ŷ − y|          ∂L/∂ŷ = sign(ŷ − y)/n   (0 where ŷ = y)
///
/// Matches PyTorch `L1Loss()` and Keras `mean_absolute_error` / `MeanAbsoluteError()`.
///
/// ```swift
/// MeanAbsoluteError()(Tensor([1, 2]), Tensor([0, 4]))   // (1 + 2) / 2 = 1.5
/// ```
public struct MeanAbsoluteError: Loss {
    public init() {}
    public var name: String { "mean_absolute_error" }

    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        meanOfError(predictions, targets, loss: "MeanAbsoluteError") { $0.abs() }
    }
}
