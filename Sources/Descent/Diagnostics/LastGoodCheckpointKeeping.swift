/// The hook through which `TrainingDiagnostics` asks the checkpoint writer to keep the last
/// checkpoint whose weights were finite, when training goes NaN or infinite.
///
/// Descent's diagnostics do not write checkpoints themselves (the file formats belong to the
/// persistence layer). A checkpoint callback conforms, and is handed to
/// `TrainingDiagnostics.checkpointKeeper`; it must not overwrite or delete that checkpoint
/// afterwards.
///
/// ```swift
/// final class Keeper: LastGoodCheckpointKeeping {
///     func keepLastGoodCheckpoint(after warning: DiagnosticWarning) -> String? { "runs/x/epoch-12.safetensors" }
/// }
/// ```
public protocol LastGoodCheckpointKeeping: AnyObject {
    /// Called once, after training went non-finite; returns where the kept checkpoint is (it
    /// appears in the warning's advice), or nil when there is none.
    func keepLastGoodCheckpoint(after warning: DiagnosticWarning) -> String?
}
