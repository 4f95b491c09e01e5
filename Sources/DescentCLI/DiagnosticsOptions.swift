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
}
