/// What the step `t` of a schedule counts when a callback drives it.
///
///     step   t = optimizer.step                        (updates so far; changes before every batch)
///     epoch  t = ⌊optimizer.step / stepsPerEpoch⌋      (epochs so far; changes before every epoch)
///
/// Counting from the optimizer's own update counter means a run resumed from an optimizer
/// checkpoint continues its schedule where it stopped.
public enum ScheduleGranularity: String, Sendable, CaseIterable {
    /// The schedule advances with every optimizer update (PyTorch's per-batch
    /// `scheduler.step()`, Keras' `LearningRateSchedule`).
    case step
    /// The schedule advances once per epoch (PyTorch's per-epoch `scheduler.step()`, Keras'
    /// `LearningRateScheduler` callback).
    case epoch

    /// The schedule's step for the batch about to run, or nil when nothing changes at this
    /// hook (`isEpochStart` tells which hook asks).
    func scheduleStep(isEpochStart: Bool, _ context: TrainingContext) -> Int? {
        switch (self, isEpochStart) {
        case (.step, false): return context.optimizer.step
        case (.epoch, true): return context.optimizer.step / Swift.max(context.stepsPerEpoch, 1)
        default: return nil
        }
    }
}
