/// Drives the optimizer's momentum (SGD's μ, Adam's β₁) from a `Schedule` during
/// `Trainer.fit`, the way `LearningRateScheduler` drives the learning rate:
///
///     before each update (granularity .step):   μ ← schedule(optimizer.step)
///     before each epoch  (granularity .epoch):  μ ← schedule(epoch − 1)
///
/// The optimizer must adopt `MomentumAdjustable`; otherwise training stops at once and the
/// history says why. Each epoch's report gets a `momentum` column (the value of its last
/// update). One-cycle training attaches both halves of the cycle:
///
/// ```swift
/// let cycle = try OneCycle(maximumLearningRate: 0.1, totalSteps: epochs * stepsPerEpoch)
/// let callbacks: [any Callback] = [LearningRateScheduler(cycle), MomentumScheduler(cycle.momentum)]
/// ```
///
/// PyTorch's `OneCycleLR` and `CyclicLR` move `momentum` (SGD) or `betas[0]` (Adam) the same
/// way (`cycle_momentum=True`).
public final class MomentumScheduler: Callback {
    public let schedule: any Schedule
    public let granularity: ScheduleGranularity

    /// The report key of the logged momentum.
    public static let metricKey: MetricKey = "momentum"

    public init(_ schedule: any Schedule, granularity: ScheduleGranularity = .step) {
        self.schedule = schedule
        self.granularity = granularity
    }

    public func trainingWillBegin(_ context: TrainingContext) {
        if !(context.optimizer is any MomentumAdjustable) {
            context.stop(StopReason(.misconfigured, "MomentumScheduler: the \(context.optimizer.ruleName) optimizer has no adjustable momentum (it does not adopt MomentumAdjustable)"))
        }
    }

    public func epochWillBegin(_ epoch: Int, _ context: TrainingContext) {
        if let t = granularity.scheduleStep(isEpochStart: true, context) { apply(schedule(t), context) }
    }

    public func batchWillBegin(_ batch: Int, _ context: TrainingContext) {
        if let t = granularity.scheduleStep(isEpochStart: false, context) { apply(schedule(t), context) }
    }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        if let optimizer = context.optimizer as? any MomentumAdjustable {
            report.metrics[Self.metricKey] = Double(optimizer.momentumValue)
        }
    }

    private func apply(_ momentum: Float, _ context: TrainingContext) {
        (context.optimizer as? any MomentumAdjustable)?.momentumValue = momentum
    }
}
