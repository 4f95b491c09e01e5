/// Divides the learning rate by a factor when a monitored metric stops improving.
///
/// After each epoch, with the metric value v (mode min; mode max mirrors the comparisons):
///
///     improved  ⇔  v < best · (1 − threshold)     threshold mode relative (PyTorch's default)
///               ⇔  v < best − threshold           threshold mode absolute (Keras' min_delta)
///     improved: best ← v, bad ← 0;  otherwise bad ← bad + 1
///     once bad reaches the limit:  η ← max(η · factor, η_min), then `cooldown` epochs pass
///     before bad epochs count again
///
/// The two conventions differ in counting (`convention`):
///
/// - `.pytorch` (`torch.optim.lr_scheduler.ReduceLROnPlateau`): reduce when bad > patience,
///   i.e. at the (patience + 1)-th epoch without improvement; an epoch in cooldown still
///   updates `best` but its bad count is reset to 0; a reduction smaller than 1e-8 is skipped.
/// - `.keras` (`keras.callbacks.ReduceLROnPlateau`): reduce when bad ≥ patience, i.e. at the
///   patience-th epoch without improvement; the cooldown counter is decremented first, so the
///   last cooldown epoch already counts; no reduction once η ≤ η_min.
///
/// Defaults are PyTorch's: factor 0.1, patience 10, threshold 1e-4 relative, cooldown 0,
/// η_min 0. Keras' defaults are the same numbers with `thresholdMode: .absolute` and
/// `convention: .keras`. When the monitored key is missing from an epoch's report (no
/// validation data for `val_loss`), training stops and the history says why.
public final class ReduceLROnPlateau: Callback {
    /// Whether a lower or a higher value is better.
    public enum Mode: String, Sendable, CaseIterable { case min, max }
    /// How `threshold` measures a significant improvement.
    public enum ThresholdMode: String, Sendable, CaseIterable {
        case relative = "rel"
        case absolute = "abs"
    }
    /// Whose counting of patience and cooldown to follow.
    public enum Convention: String, Sendable, CaseIterable { case pytorch, keras }

    public let monitor: MetricKey
    public let mode: Mode
    public let factor: Float
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minimumLearningRate: Float
    public let convention: Convention

    /// The best value seen so far (+∞ for min, −∞ for max before the first epoch).
    public internal(set) var best: Double
    /// Epochs without improvement since the last improvement, reduction or cooldown.
    public internal(set) var badEpochs = 0
    /// Epochs of cooldown left.
    public internal(set) var cooldownLeft = 0
    /// How many times the rate was reduced.
    public internal(set) var reductionCount = 0

    public init(monitor: MetricKey = .validationLoss, mode: Mode = .min, factor: Float = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: ThresholdMode = .relative, cooldown: Int = 0,
                minimumLearningRate: Float = 0, convention: Convention = .pytorch) throws {
        try require(factor > 0 && factor < 1, "ReduceLROnPlateau factor", factor, expected: "a factor in (0, 1), e.g. 0.1")
        try require(patience >= 0, "ReduceLROnPlateau patience", patience, expected: "an integer ≥ 0")
        try require(threshold.isFinite && threshold >= 0, "ReduceLROnPlateau threshold", threshold, expected: "a number ≥ 0")
        try require(cooldown >= 0, "ReduceLROnPlateau cooldown", cooldown, expected: "an integer ≥ 0")
        try requireLearningRate(minimumLearningRate, "ReduceLROnPlateau minimumLearningRate")
        self.monitor = monitor
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumLearningRate = minimumLearningRate
        self.convention = convention
        self.best = mode == .min ? .infinity : -.infinity
    }

    /// Forgets the history: best value, bad-epoch count, cooldown and reductions.
    public func reset() {
        best = mode == .min ? .infinity : -.infinity
        (badEpochs, cooldownLeft, reductionCount) = (0, 0, 0)
    }

    /// Whether `value` improves significantly on `best`.
    public func isImprovement(_ value: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .relative): return value < best * (1 - threshold)
        case (.min, .absolute): return value < best - threshold
        case (.max, .relative): return value > best * (1 + threshold)
        case (.max, .absolute): return value > best + threshold
        }
    }

    /// Records one epoch's value of the monitored metric and returns the learning rate for the
    /// next epoch (the same as `learningRate` unless this epoch triggers a reduction).
    public func record(_ value: Double, learningRate: Float) -> Float {
        switch convention {
        case .pytorch: return recordPyTorch(value, learningRate: learningRate)
        case .keras: return recordKeras(value, learningRate: learningRate)
        }
    }

    private func recordPyTorch(_ value: Double, learningRate: Float) -> Float {
        if isImprovement(value) { (best, badEpochs) = (value, 0) } else { badEpochs += 1 }
        if cooldownLeft > 0 { (cooldownLeft, badEpochs) = (cooldownLeft - 1, 0) }
        guard badEpochs > patience else { return learningRate }
        (cooldownLeft, badEpochs) = (cooldown, 0)
        let reduced = Swift.max(learningRate * factor, minimumLearningRate)
        guard learningRate - reduced > 1e-8 else { return learningRate }
        reductionCount += 1
        return reduced
    }

    private func recordKeras(_ value: Double, learningRate: Float) -> Float {
        if cooldownLeft > 0 { (cooldownLeft, badEpochs) = (cooldownLeft - 1, 0) }
        if isImprovement(value) {
            (best, badEpochs) = (value, 0)
            return learningRate
        }
        guard cooldownLeft == 0 else { return learningRate }
        badEpochs += 1
        guard badEpochs >= patience, learningRate > minimumLearningRate else { return learningRate }
        (cooldownLeft, badEpochs) = (cooldown, 0)
        reductionCount += 1
        return Swift.max(learningRate * factor, minimumLearningRate)
    }

    public func trainingWillBegin(_ context: TrainingContext) { reset() }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        guard let value = report[monitor] else {
            let present = report.metrics.keys.map(\.rawValue).sorted().joined(separator: ", ")
            context.stop(StopReason(.misconfigured, "ReduceLROnPlateau monitors '\(monitor)', which the epoch report lacks (it has \(present)); pass validation data or monitor another key"))
            return
        }
        context.optimizer.learningRate = record(value, learningRate: context.optimizer.learningRate)
    }
}
