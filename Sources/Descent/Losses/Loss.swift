import Foundation

/// A training objective: the mean over the batch of a per-sample loss.
public protocol Loss {
    /// The name used in configs and logs, e.g. `"softmax_cross_entropy"`.
    var name: String { get }
    /// The mean loss of `predictions` against `targets` (a scalar tensor).
    func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor
    /// The targets this loss takes, so that a caller can check a loss against the data before
    /// training. Custom losses get `.numbers` unless they say otherwise.
    var targetKind: LossTargetKind { get }
}

extension Loss {
    public var targetKind: LossTargetKind { .numbers }
}

/// Mean squared error, `L = (1/n) Σ (ŷ − y)²` over all elements.
public struct MeanSquaredError: Loss {
    public init() {}
    public var name: String { "mean_squared_error" }
    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        meanOfError(predictions, targets, loss: "MeanSquaredError") { $0.squared() }
    }
}

/// Binary cross-entropy on logits z [N, 1] with targets y ∈ [0, 1], fused and stable:
///
///     ℓ = max(z, 0) − z·y + ln(1 + e^(−|z|))        ∂ℓ/∂z = σ(z) − y
public struct BinaryCrossEntropy: Loss {
    public init() {}
    public var name: String { "binary_cross_entropy" }
    public var targetKind: LossTargetKind { .binaryLabels }
    public func callAsFunction(_ logits: Tensor, _ targets: Tensor) -> Tensor {
        precondition(logits.count == targets.count,
                     "BinaryCrossEntropy: logits \(logits.shape) and targets \(targets.shape) have different sizes")
        let n = Float(Swift.max(logits.count, 1))
        var total: Double = 0
        for (z, y) in zip(logits.scalars, targets.scalars) {
            total += Double(Swift.max(z, 0) - z * y + log1p(Foundation.exp(-Swift.abs(z))))
        }
        let value = Tensor(Float(total / Double(n)))
        return Tensor.record(value, inputs: [logits]) { g in
            let scale = g.scalar / n
            return [Tensor(shape: logits.shape, scalars: zip(logits.scalars, targets.scalars).map { z, y in
                scale * (Tensor.stableSigmoid(z) - y)
            })]
        }
    }
}
