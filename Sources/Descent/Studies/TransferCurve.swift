import Foundation

/// One run of a `TransferStudy`, epoch by epoch, and the three numbers that compare transfer
/// with learning from scratch (the "higher start, higher slope, higher asymptote" of
/// Torrey & Shavlik, 2009). With aₑ the validation accuracy after epoch e = 1 … n:
///
///     start  = a₁                                 after one epoch
///     slope  = (a_m − a₁) / (m − 1),  m = min(5, n)   the mean gain per epoch over epochs 1 … 5
///                                                 (nil when n = 1)
///     final  = a_n                                after the last epoch
///
/// The slope is the mean of the per-epoch gains aₑ₊₁ − aₑ for e = 1 … m − 1, which telescopes
/// to the difference above. A fine-tune run's curve is its frozen phase followed by the
/// fine-tuning epochs, so its start and slope are those of the frozen run it continues.
public struct TransferCurve: Sendable {
    /// The numbers of one epoch.
    public struct Point: Equatable, Sendable {
        public var validationAccuracy: Double
        public var validationLoss: Double
        /// The mean training loss over the epoch's batches (training mode), as the history logs it.
        public var trainingLoss: Double
        public var learningRate: Double

        public init(validationAccuracy: Double, validationLoss: Double, trainingLoss: Double, learningRate: Double) {
            (self.validationAccuracy, self.validationLoss, self.trainingLoss, self.learningRate) = (validationAccuracy, validationLoss, trainingLoss, learningRate)
        }
    }

    public var perClass: Int
    public var run: TransferStudy.Run
    /// Point e − 1 is epoch e.
    public var points: [Point]
    /// The epochs trained before fine-tuning began (nil for runs without fine-tuning).
    public var fineTuneStart: Int?

    /// m of the slope: the gains over epochs 1 … 5.
    public static let slopeEpochs = 5

    public init(perClass: Int, run: TransferStudy.Run, points: [Point], fineTuneStart: Int? = nil) {
        (self.perClass, self.run, self.points, self.fineTuneStart) = (perClass, run, points, fineTuneStart)
    }

    /// The curve of a run's history (its phases joined), NaN where an epoch lacks a value.
    public init(perClass: Int, run: TransferStudy.Run, history: History, fineTuneStart: Int? = nil) {
        let points = history.epochs.map { report in
            Point(validationAccuracy: report[.validationAccuracy] ?? .nan, validationLoss: report[.validationLoss] ?? .nan,
                  trainingLoss: report[.loss] ?? .nan, learningRate: report[.learningRate] ?? .nan)
        }
        self.init(perClass: perClass, run: run, points: points, fineTuneStart: fineTuneStart)
    }

    /// a₁; nil for an empty curve.
    public var start: Double? { points.first?.validationAccuracy }

    /// (a_m − a₁)/(m − 1) with m = min(5, n); nil for fewer than two epochs.
    public var slope: Double? {
        let m = Swift.min(Self.slopeEpochs, points.count)
        guard m >= 2 else { return nil }
        return (points[m - 1].validationAccuracy - points[0].validationAccuracy) / Double(m - 1)
    }

    /// a_n; nil for an empty curve.
    public var final: Double? { points.last?.validationAccuracy }

    /// `20 per class  fine-tune   12 epochs  start 0.412  slope +0.051  final 0.874`.
    public var summaryLine: String {
        func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "—" }
        return "\(String(perClass).leftPadded(to: 4)) per class  \(run.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))"
            + "\(String(points.count).leftPadded(to: 3)) epochs  start \(number(start, "%.3f"))  slope \(number(slope, "%+.3f"))  final \(number(final, "%.3f"))"
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}
