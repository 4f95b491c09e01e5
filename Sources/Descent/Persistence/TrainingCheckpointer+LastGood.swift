import Foundation

extension TrainingCheckpointer: LastGoodCheckpointKeeping {
    /// Keeps the newest checkpoint in `folder` and stops writing and pruning for the rest of the
    /// fit. Checkpoints are written at the end of an epoch and `TrainingDiagnostics` calls this
    /// as soon as a value goes non-finite, before this checkpointer sees that epoch's end: the
    /// newest file holds the last finite weights. Returns its path.
    ///
    /// ```swift
    /// diagnostics.checkpointKeeper = checkpointer
    /// try trainer.fit(x, y, epochs: 50, callbacks: checkpointer.including([diagnostics, checkpointer.modelCheckpoint()]))
    /// if let kept = checkpointer.keptCheckpoint { print("resume from", kept.path) }
    /// ```
    public func keepLastGoodCheckpoint(after warning: DiagnosticWarning) -> String? {
        isKeepingLastGood = true
        keptCheckpoint = Self.files(in: folder).last
        return keptCheckpoint?.path
    }
}
