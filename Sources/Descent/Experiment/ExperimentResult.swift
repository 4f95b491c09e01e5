import Foundation

/// What an `ExperimentRun` did: the history of each phase, the test metrics, the run folder.
public struct ExperimentResult {
    /// One history per phase trained (phase 1 is fine-tuning).
    public var histories: [History]
    /// Loss and metrics on the test split; empty when the run was interrupted.
    public var test: [MetricKey: Double]
    public var folder: URL
    /// The checkpoint kept when training went non-finite.
    public var keptCheckpoint: URL?
    /// The test split's confusion matrix, for classification (macro precision, recall and F1
    /// are also in `test`).
    public var confusion: ConfusionMatrix?

    /// Why training stopped early, if it did (the last phase's reason).
    public var stopReason: StopReason? { histories.last?.stopReason }

    /// True for a run that failed: a non-finite loss, failed sanity checks or a checkpoint that
    /// could not be written (`descent train` exits with 1).
    public var isFailure: Bool { stopReason?.isFailure == true }

    /// True when the run was interrupted before its end; the folder can be resumed.
    public var isInterrupted: Bool { stopReason?.kind == .interrupted }

    /// The lines `descent train` prints at the end.
    public var summary: String {
        var lines = histories.compactMap { $0.stopReason.map { "Stopped early: \($0)" } }
        if let keptCheckpoint { lines.append("Kept the last good checkpoint: \(keptCheckpoint.path)") }
        if isInterrupted {
            lines.append("Resume with: descent train --resume \(folder.path)")
            return lines.joined(separator: "\n")
        }
        let results = test.keys.sorted { $0.rawValue < $1.rawValue }.map { "test_\($0.rawValue)=\(String(format: "%.4f", test[$0]!))" }
        lines.append("Test: " + (results.isEmpty ? "none (no test data: the split leaves none and no test file was given)" : results.joined(separator: " ")))
        lines.append("Run folder: \(folder.path) (experiment.yaml, history.csv, checkpoints/, model/, report.html)")
        return lines.joined(separator: "\n")
    }
}
