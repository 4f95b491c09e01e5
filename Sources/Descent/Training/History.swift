import Foundation

/// The quantities of one finished epoch.
public struct EpochReport: Sendable {
    /// Epoch number, counting from 1 (as Keras prints them).
    public var epoch: Int
    /// Values by key: `.loss`, `.accuracy`, `.validationLoss`, `.learningRate`, …
    public var metrics: [MetricKey: Double]
    /// Wall-clock seconds the epoch took (not written to `history.csv`, which stays reproducible).
    public var seconds: Double

    public subscript(key: MetricKey) -> Double? { metrics[key] }
}

/// Everything logged during `fit`, one report per epoch.
public struct History: Sendable {
    public var epochs: [EpochReport] = []
    /// Why training stopped early, if it did.
    public var stopReason: StopReason?

    public init() {}

    /// The values of one key over epochs (nil where an epoch lacks it).
    public func values(_ key: MetricKey) -> [Double?] { epochs.map { $0.metrics[key] } }

    /// The columns in order: Keras' names first, then any others alphabetically.
    public var columns: [MetricKey] { History.columnOrder(Set(epochs.flatMap(\.metrics.keys))) }

    /// Keras' names first, then the rest alphabetically.
    static func columnOrder(_ present: Set<MetricKey>) -> [MetricKey] {
        let leading: [MetricKey] = [.loss, .accuracy, .validationLoss, .validationAccuracy, .learningRate]
        let first = leading.filter(present.contains)
        let rest = present.subtracting(first).sorted { $0.rawValue < $1.rawValue }
        return first + rest
    }

    /// `epoch,loss,accuracy,val_loss,val_accuracy,lr,…` with one row per epoch. Values use the
    /// shortest decimal that round-trips, so identical runs give identical files.
    public var csv: String {
        let keys = columns
        var lines = [(["epoch"] + keys.map(\.rawValue)).joined(separator: ",")]
        for report in epochs {
            let cells = keys.map { key in report.metrics[key].map { "\($0)" } ?? "" }
            lines.append(([String(report.epoch)] + cells).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
