/// Decides when to save the model and hands the saving to a closure (the file format belongs
/// to the persistence layer): Keras' `ModelCheckpoint` without the file writing.
///
///     saveBestOnly = false:  save after every `period`-th epoch
///     saveBestOnly = true:   save after an epoch whose `monitor` value improves on the best so
///                            far (and on `initialValueThreshold`, when given)
///
/// A closure that throws stops training, with the error in the stop reason.
///
/// ```swift
/// let checkpoint = ModelCheckpoint(saveBestOnly: true) { request in
///     try save(request.model, to: "runs/x/best.safetensors")
/// }
/// ```
public final class ModelCheckpoint: Callback {
    /// What the save closure receives.
    public struct Request {
        /// The epoch just finished, from 1.
        public var epoch: Int
        public var model: any Layer
        public var optimizer: any OptimizerProtocol
        /// The epoch's metrics.
        public var report: EpochReport
        /// True when this epoch has the best monitored value so far.
        public var isBest: Bool
    }

    public let monitor: MetricKey
    public let mode: MonitorMode
    public let saveBestOnly: Bool
    /// Save every `period` epochs (when not `saveBestOnly`).
    public let period: Int
    public let initialValueThreshold: Double?
    private let save: (Request) throws -> Void

    /// The best monitored value so far.
    public internal(set) var bestValue: Double?
    /// The epochs saved, in order.
    public internal(set) var savedEpochs: [Int] = []

    public init(
        monitor: MetricKey = .validationLoss, mode: MonitorMode = .auto, saveBestOnly: Bool = false,
        period: Int = 1, initialValueThreshold: Double? = nil, save: @escaping (Request) throws -> Void
    ) {
        precondition(period >= 1, "ModelCheckpoint: period must be ≥ 1, got \(period)")
        self.monitor = monitor
        self.mode = mode
        self.saveBestOnly = saveBestOnly
        self.period = period
        self.initialValueThreshold = initialValueThreshold
        self.save = save
    }

    public func trainingWillBegin(_ context: TrainingContext) {
        bestValue = initialValueThreshold
        savedEpochs = []
    }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        var isBest = false
        if let current = report[monitor], mode.isImprovement(current, over: bestValue, key: monitor) {
            bestValue = current
            isBest = true
        }
        let due = saveBestOnly ? isBest : report.epoch % period == 0
        guard due else { return }
        do {
            try save(Request(epoch: report.epoch, model: context.model, optimizer: context.optimizer, report: report, isBest: isBest))
            savedEpochs.append(report.epoch)
        } catch {
            context.stop(StopReason(.writeFailed, "ModelCheckpoint could not save epoch \(report.epoch): \(error)"))
        }
    }
}
