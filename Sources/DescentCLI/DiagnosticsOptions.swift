import ArgumentParser
import Descent
import Foundation

/// The `descent train` flags for diagnostics, sanity checks and TensorBoard (an `@OptionGroup`
/// of `TrainCommand`).
struct DiagnosticsOptions: ParsableArguments {
    @Flag(help: "Log per-layer gradient and weight norms, update ratios and activation statistics to diagnostics.csv/json, warn about vanishing/exploding gradients, dead units, NaN, over- and underfitting.")
    var diagnostics = false
    @Flag(help: "Write a TensorBoard event file into the run folder (tensorboard --logdir runs).")
    var tensorboard = false
    @Flag(help: "Run the sanity checks of `descent check` first and train only if none fails.")
    var sanityChecks = false

    /// A config's `diagnostics` section with these flags turned on as well.
    func merged(into section: DiagnosticsSettings) -> DiagnosticsSettings {
        DiagnosticsSettings(diagnostics: section.diagnostics || diagnostics, tensorBoard: section.tensorBoard || tensorboard,
                            sanityChecks: section.sanityChecks || sanityChecks)
    }

    /// `settings` with these flags recorded.
    func applied(to settings: TrainingSettings) -> TrainingSettings {
        var settings = settings
        settings.diagnostics = DiagnosticsSettings(diagnostics: diagnostics, tensorBoard: tensorboard, sanityChecks: sanityChecks)
        return settings
    }
}

/// The diagnostics part of `config.json`, and the callbacks it adds to a run.
struct DiagnosticsSettings: Codable, Equatable {
    var diagnostics = false
    var tensorBoard = false
    var sanityChecks = false

    /// The callbacks for a run writing into `folder`; the probe is up to 256 training samples.
    func callbacks(folder: URL, train: Dataset, baselineLoss: Double?, verbosity: Verbosity) throws -> [any Callback] {
        var callbacks: [any Callback] = []
        if diagnostics {
            let rows = (0..<min(256, train.count)).map { $0 * train.count / min(256, train.count) }
            callbacks.append(TrainingDiagnostics(probe: train.features.gathering(rows: rows), folder: folder,
                                                 baselineLoss: baselineLoss, isVerbose: verbosity != .silent))
        }
        if tensorBoard { callbacks.append(try TensorBoardLogger(folder: folder)) }
        return callbacks
    }

    /// The loss of an uninformed model: ln K for K classes, Var(y) for regression targets.
    static func baselineLoss(classCount: Int?, targets: Tensor) -> Double? {
        if let classCount { return log(Double(classCount)) }
        let values = targets.scalars.map(Double.init)
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }
}
