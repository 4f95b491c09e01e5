import Foundation

/// A training objective: the mean over the batch of a per-sample loss.
public protocol Loss {
    /// The name used in configs and logs, e.g. `"softmax_cross_entropy"`.
    var name: String { get }
    /// The mean loss of `predictions` against `targets` (a scalar tensor).
    func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor
}

/// Mean squared error, `L = (1/n) Σ (ŷ − y)²` over all elements.
public struct MeanSquaredError: Loss {
    public init() {}
    public var name: String { "mean_squared_error" }
    public func callAsFunction(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
        precondition(predictions.shape == targets.shape,
                     "MeanSquaredError: predictions \(predictions.shape) and targets \(targets.shape) differ")
        return (predictions - targets).squared().mean()
    }
}

/// Binary cross-entropy on logits z with targets y ∈ [0, 1], fused and stable:
///
///     ℓ = max(z, 0) − z·y + ln(1 + e^(−|z|))        ∂ℓ/∂z = σ(z) − y
public struct BinaryCrossEntropy: Loss {
    public init() {}
    public var name: String { "binary_cross_entropy" }
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

/// Softmax cross-entropy on logits [N, K], fused with log-sum-exp:
///
///     ℓ = −Σₖ yₖ·log softmax(z)ₖ = logΣexp(z) − Σₖ yₖ·zₖ        ∂ℓ/∂z = softmax(z) − y
///
/// Targets are class indices [N] (stored as Float) or one-hot / soft labels [N, K].
/// Reduction is the mean over the N samples.
public struct SoftmaxCrossEntropy: Loss {
    public init() {}
    public var name: String { "softmax_cross_entropy" }

    public func callAsFunction(_ logits: Tensor, _ targets: Tensor) -> Tensor {
        precondition(logits.rank == 2, "SoftmaxCrossEntropy: logits must be [N, K], got \(logits.shape)")
        let (n, k) = (logits.shape[0], logits.shape[1])
        let soft = SoftmaxCrossEntropy.targetDistribution(targets, rows: n, classes: k)
        let logProbabilities = Tensor.softmaxKernel(logits, axis: 1, log: true)
        var total: Double = 0
        for i in 0..<(n * k) where soft.scalars[i] != 0 {
            total -= Double(soft.scalars[i]) * Double(logProbabilities.scalars[i])
        }
        let value = Tensor(Float(total / Double(Swift.max(n, 1))))
        return Tensor.record(value, inputs: [logits]) { g in
            let scale = g.scalar / Float(Swift.max(n, 1))
            return [Tensor.make(shape: logits.shape) { out in
                for i in 0..<(n * k) {
                    out[i] = scale * (Foundation.exp(logProbabilities.scalars[i]) - soft.scalars[i])
                }
            }]
        }
    }

    /// Targets as an [N, K] distribution: indices become one-hot rows; [N, K] passes through.
    static func targetDistribution(_ targets: Tensor, rows n: Int, classes k: Int) -> Tensor {
        if targets.shape == [n, k] { return targets }
        precondition(targets.count == n && targets.rank <= 2,
                     "SoftmaxCrossEntropy: targets must be class indices [\(n)] or one-hot [\(n), \(k)], got \(targets.shape)")
        var oneHot = [Float](repeating: 0, count: n * k)
        for (row, label) in targets.scalars.enumerated() {
            let index = Int(label)
            precondition(Float(index) == label && index >= 0 && index < k,
                         "SoftmaxCrossEntropy: label \(label) in row \(row) is not a class index in 0..<\(k)")
            oneHot[row * k + index] = 1
        }
        return Tensor(shape: [n, k], scalars: oneHot)
    }
}
