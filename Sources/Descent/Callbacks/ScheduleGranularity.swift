/// What the step `t` of a schedule counts when a callback drives it.
///
///     step   t = optimizer.step     (updates applied so far; read before every batch)
///     epoch  t = epoch − 1          (epochs finished in this fit; read before every epoch)
///
/// Per step, t is the optimizer's own update counter: a second `fit`, or a run resumed from an
/// optimizer checkpoint, continues the schedule where it stopped, and with gradient
/// accumulation the schedule advances once per applied update, not per mini-batch.
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
        case (.epoch, true): return context.epoch - 1
        default: return nil
        }
    }
}
