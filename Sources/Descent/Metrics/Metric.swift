/// The name of a logged quantity: a column of `history.csv`, a key of epoch reports.
/// Keras' spellings, so that curves and tools line up.
public struct MetricKey: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let loss: MetricKey = "loss"
    public static let accuracy: MetricKey = "accuracy"
    public static let validationLoss: MetricKey = "val_loss"
    public static let validationAccuracy: MetricKey = "val_accuracy"
    public static let learningRate: MetricKey = "lr"

    /// The validation counterpart (`val_` prefix).
    public var validation: MetricKey { MetricKey(rawValue: "val_" + rawValue) }
}

/// A quality measure averaged over samples (not differentiated).
///
/// Every case is a mean of per-sample values, so the trainer can sum `total` over batches and
/// divide by the sample count. Precision, recall and F1 are not such means (a ratio of sums is
/// not a sum of ratios), so they are not cases here: build a `ConfusionMatrix` over a whole
/// dataset instead.
public enum Metric: String, Codable, Sendable, CaseIterable {
    /// Fraction of samples classified right: argmax of [N, K] outputs against class indices or
    /// one-hot rows; for one output per sample, logit > 0 against targets ≥ 0.5.
    case accuracy
    /// Mean absolute error over all elements.
    case meanAbsoluteError = "mae"
    /// Fraction of samples whose target class is among the 2 highest scores (see `topK`).
    case top2Accuracy = "top_2_accuracy"
    /// Fraction of samples whose target class is among the 3 highest scores (see `topK`).
    case top3Accuracy = "top_3_accuracy"
    /// Fraction of samples whose target class is among the 5 highest scores (see `topK`).
    case top5Accuracy = "top_5_accuracy"

    /// k of a top-k accuracy, nil for the other metrics.
    ///
    /// A sample counts when fewer than k classes score strictly higher than its target class,
    /// so ties at the boundary count in its favour (TensorFlow's `in_top_k`, used by Keras
    /// `SparseTopKCategoricalAccuracy(k)`; `torch.topk` breaks ties by position instead).
    /// With k ≥ K, or one output per sample (two classes, k ≥ 2), every sample counts.
    /// Targets are class indices [N] or one-hot rows [N, K].
    public var topK: Int? {
        switch self {
        case .top2Accuracy: return 2
        case .top3Accuracy: return 3
        case .top5Accuracy: return 5
        case .accuracy, .meanAbsoluteError: return nil
        }
    }

    public var key: MetricKey { MetricKey(rawValue: rawValue) }

    /// The metric summed over the samples of a batch (the trainer divides by the sample count).
    public func total(_ predictions: Tensor, _ targets: Tensor) -> Double {
        switch self {
        case .meanAbsoluteError:
            let n = Swift.max(predictions.shape.first ?? 1, 1)
            let sum = zip(predictions.scalars, targets.scalars).reduce(0.0) { $0 + Double(Swift.abs($1.0 - $1.1)) }
            return sum / Double(predictions.count) * Double(n)
        case .accuracy:
            guard predictions.rank == 2, predictions.shape[1] > 1 else {
                return zip(predictions.scalars, targets.scalars).reduce(0.0) { $0 + (($1.0 > 0) == ($1.1 >= 0.5) ? 1 : 0) }
            }
            let predicted = predictions.argmax(alongAxis: 1).scalars
            let actual = targets.rank == 2 ? targets.argmax(alongAxis: 1).scalars : targets.scalars
            return zip(predicted, actual).reduce(0.0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        case .top2Accuracy, .top3Accuracy, .top5Accuracy:
            return Self.topKHits(predictions, targets, k: topK!)
        }
    }

    /// The number of samples whose target class ranks within the top `k` scores.
    static func topKHits(_ predictions: Tensor, _ targets: Tensor, k: Int) -> Double {
        guard predictions.rank == 2, predictions.shape[1] > 1 else { return Double(predictions.shape.first ?? 0) }
        let (n, classes) = (predictions.shape[0], predictions.shape[1])
        let actual = targets.rank == 2 && targets.shape[1] == classes ? targets.argmax(alongAxis: 1).scalars : targets.scalars
        var hits = 0
        for row in 0..<Swift.min(n, actual.count) {
            guard let label = Int(exactly: actual[row]), label >= 0, label < classes else { continue }
            let scores = predictions.scalars[(row * classes)..<((row + 1) * classes)]
            let target = scores[scores.startIndex + label]
            if scores.lazy.filter({ $0 > target }).count < k { hits += 1 }
        }
        return Double(hits)
    }
}
