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
public enum Metric: String, Codable, Sendable, CaseIterable {
    /// Fraction of samples classified right: argmax of [N, K] outputs against class indices or
    /// one-hot rows; for one output per sample, logit > 0 against targets ≥ 0.5.
    case accuracy
    /// Mean absolute error over all elements.
    case meanAbsoluteError = "mae"

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
        }
    }
}
