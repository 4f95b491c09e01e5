/// Drives the optimizer's learning rate from a `Schedule` during `Trainer.fit`.
///
///     before each update (granularity .step):   η ← schedule(optimizer.step)
///     before each epoch  (granularity .epoch):  η ← schedule(epoch − 1)
///
/// The trainer logs the rate of each epoch's last update in the history's `lr` column.
///
/// ```swift
/// let schedule = try CosineDecay(initialLearningRate: 0.1, decaySteps: 50 * stepsPerEpoch)
/// let history = try trainer.fit(x, y, epochs: 50, callbacks: [LearningRateScheduler(schedule)])
/// ```
///
/// Do not combine it with `ReduceLROnPlateau`: both write the same learning rate, and the
/// schedule would undo every reduction.
public final class LearningRateScheduler: Callback {
    public let schedule: any Schedule
    public let granularity: ScheduleGranularity

    public init(_ schedule: any Schedule, granularity: ScheduleGranularity = .step) {
        self.schedule = schedule
        self.granularity = granularity
    }

    public func epochWillBegin(_ epoch: Int, _ context: TrainingContext) {
        if let t = granularity.scheduleStep(isEpochStart: true, context) { context.optimizer.learningRate = schedule(t) }
    }

    public func batchWillBegin(_ batch: Int, _ context: TrainingContext) {
        if let t = granularity.scheduleStep(isEpochStart: false, context) { context.optimizer.learningRate = schedule(t) }
    }
}
