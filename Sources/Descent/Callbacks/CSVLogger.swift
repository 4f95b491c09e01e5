import Foundation

/// Writes `history.csv` after every epoch, so that a run that dies keeps its rows (Keras'
/// `CSVLogger`). The file holds the epochs of the current `fit` in `History.csv`'s format and
/// is replaced atomically each time. A failed write stops training, naming the path.
public final class CSVLogger: Callback {
    public let url: URL
    private var logged = History()

    public init(url: URL) { self.url = url }

    public func trainingWillBegin(_ context: TrainingContext) { logged = History() }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        logged.epochs.append(report)
        do {
            try AtomicFile.write(logged.csv, to: url)
        } catch {
            context.stop(StopReason(.writeFailed, "CSVLogger: \(error)"))
        }
    }
}
