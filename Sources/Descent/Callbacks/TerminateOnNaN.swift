/// Stops training as soon as a batch loss or any metric of an epoch (validation loss included)
/// is NaN or infinite. `Trainer.fit` already stops on a non-finite training loss before the
/// update; this callback also catches validation metrics and losses from custom loops.
public final class TerminateOnNaN: Callback {
    public init() {}

    public func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) {
        if !loss.isFinite { context.stop(StopReason(.nonFinite, "TerminateOnNaN: the loss became \(loss) at epoch \(context.epoch), batch \(batch + 1)")) }
    }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        let bad = report.metrics.filter { !$0.value.isFinite }.map { "\($0.key)=\($0.value)" }.sorted()
        if !bad.isEmpty { context.stop(StopReason(.nonFinite, "TerminateOnNaN: \(bad.joined(separator: ", ")) at epoch \(report.epoch)")) }
    }
}
