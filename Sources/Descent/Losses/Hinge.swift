/// Hinge loss for two classes with one score per sample, as in a linear SVM:
///
///     L = mean(max(0, 1 − y·ŷ))          ∂L/∂ŷ = −y/n where y·ŷ < 1, else 0
///
/// Targets y are ±1; predictions ŷ are raw scores (the margin is at 0), not probabilities.
/// Matches Keras `hinge` / `keras.losses.Hinge()`: when every target of the batch is 0 or 1,
/// they are read as 0/1 labels and mapped to 2y − 1, so the 0/1 labels of
/// `BinaryCrossEntropy` work unchanged; any other targets are used as given. Keras averages
/// over the last axis, then over the batch; with equal-sized samples that is the mean over
/// all elements, taken here. PyTorch has no binary hinge loss (`HingeEmbeddingLoss` is a
/// different loss, on distances).
///
/// ```swift
/// Hinge()(Tensor([[0.5], [-2]]), Tensor([1, 0]))   // (0.5 + 0) / 2 = 0.25
/// ```
public struct Hinge: Loss {
    public init() {}
    public var name: String { "hinge" }
    public var targetKind: LossTargetKind { .binaryLabels }

    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        Self.margins(predictions, targets, loss: "Hinge").mean()
    }

    /// max(0, 1 − y·ŷ) elementwise, with 0/1 targets mapped to ±1 as Keras does.
    static func margins(_ predictions: Tensor, _ targets: Tensor, loss: String) -> Tensor {
        precondition(predictions.count == targets.count,
                     "\(loss): predictions \(predictions.shape) and targets \(targets.shape) have different sizes")
        let isZeroOne = targets.scalars.allSatisfy { $0 == 0 || $0 == 1 }
        let signs = (isZeroOne ? targets.mapScalars { 2 * $0 - 1 } : targets).detached()
        return (1 - signs.reshaped(to: predictions.shape) * predictions).relu()
    }
}
