/// Stops training when a monitored metric has stopped improving (Keras' `EarlyStopping`).
///
/// After each epoch from `startFromEpoch + 1` on, with `wait` counting epochs since the last
/// improvement (see `MonitorMode` for what improves):
///
///     wait ← wait + 1
///     improved?  best ← current, remember the weights; wait ← 0 if current also beats `baseline`
///     otherwise  stop when wait ≥ patience
///
/// `restoresBestWeights` puts back the weights of the best epoch when training ends, whether
/// it stopped early or ran to its last epoch. Keras restores only when it stops early, so a run
/// that never triggers the stop keeps its last weights: a known surprise this class avoids.
/// The stop reason (in the history and on the terminal) says which metric, how long and which
/// epoch was best.
///
/// ```swift
/// let stopper = EarlyStopping(patience: 10, restoresBestWeights: true)
/// try trainer.fit(x, y, epochs: 500, validationData: (xv, yv), callbacks: [stopper])
/// ```
public final class EarlyStopping: Callback {
    public let monitor: MetricKey
    /// The smallest change that counts as an improvement (absolute).
    public let minDelta: Double
    /// Epochs without improvement to wait before stopping.
    public let patience: Int
    public let mode: MonitorMode
    /// A value the metric must beat for the patience counter to reset; nil for none.
    public let baseline: Double?
    public let restoresBestWeights: Bool
    /// Epochs to let pass before monitoring starts (a warm-up).
    public let startFromEpoch: Int
    /// Print when stopping or restoring.
    public var isVerbose: Bool

    /// The best value seen and its epoch (from 1).
    public private(set) var best: (value: Double, epoch: Int)?
    /// The epoch after which training was stopped, if it was.
    public private(set) var stoppedEpoch: Int?
    /// The epoch whose weights were restored at the end, if any.
    public private(set) var restoredEpoch: Int?
    private var wait = 0
    private var bestWeights: ParameterSnapshot?
    private var hasWarned = false

    public init(
        monitor: MetricKey = .validationLoss, minDelta: Double = 0, patience: Int = 0, mode: MonitorMode = .auto,
        baseline: Double? = nil, restoresBestWeights: Bool = false, startFromEpoch: Int = 0, isVerbose: Bool = true
    ) {
        precondition(minDelta >= 0 && patience >= 0 && startFromEpoch >= 0, "EarlyStopping: minDelta, patience and startFromEpoch must be ≥ 0")
        self.monitor = monitor
        self.minDelta = minDelta
        self.patience = patience
        self.mode = mode
        self.baseline = baseline
        self.restoresBestWeights = restoresBestWeights
        self.startFromEpoch = startFromEpoch
        self.isVerbose = isVerbose
    }

    public func trainingWillBegin(_ context: TrainingContext) {
        (wait, best, bestWeights, stoppedEpoch, restoredEpoch) = (0, nil, nil, nil, nil)
    }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        guard report.epoch > startFromEpoch else { return }
        guard let current = report[monitor] else {
            if !hasWarned && isVerbose { print("EarlyStopping: '\(monitor)' is not logged (have: \(report.metrics.keys.map(\.rawValue).sorted().joined(separator: ", "))); not stopping") }
            hasWarned = true
            return
        }
        wait += 1
        if mode.isImprovement(current, over: best?.value, minDelta: minDelta, key: monitor) {
            best = (current, report.epoch)
            if restoresBestWeights { bestWeights = ParameterSnapshot(of: context.model) }
            if baseline == nil || mode.isImprovement(current, over: baseline, minDelta: minDelta, key: monitor) { wait = 0 }
            return
        }
        if wait >= patience && report.epoch > 1 {
            stoppedEpoch = report.epoch
            let bestText = best.map { "; best \(monitor) \(ProgressLogger.format($0.value)) at epoch \($0.epoch)" } ?? ""
            context.stop(reason: "EarlyStopping after epoch \(report.epoch): \(monitor) did not improve by more than \(minDelta) for \(wait) epochs (patience \(patience))\(bestText)")
        }
    }

    public func trainingDidEnd(_ context: TrainingContext) {
        guard restoresBestWeights, let bestWeights, let best else { return }
        guard best.epoch != context.history.epochs.last?.epoch else { return }  // the weights are the best already
        bestWeights.restore()
        restoredEpoch = best.epoch
        if isVerbose { print("EarlyStopping: restored the weights of epoch \(best.epoch) (\(monitor) \(ProgressLogger.format(best.value)))") }
    }
}
