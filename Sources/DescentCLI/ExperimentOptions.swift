import ArgumentParser
import Descent
import Foundation

/// The `descent train` arguments for experiment files: a config to run, a run folder to
/// resume, or `--print-config` (an `@OptionGroup` of `TrainCommand`).
struct ExperimentOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("An experiment config (YAML or JSON) to run instead of the flags; see examples/.", valueName: "experiment.yaml"))
    var config: String?
    @Option(help: ArgumentHelp("Continue the run in this folder from its latest checkpoint (bit-identical to an uninterrupted run); with a larger --epochs, extend it.", valueName: "run-folder"))
    var resume: String?
    @Flag(help: "Let a new run replace another run's files in its --output folder (without it, a folder with files is refused).")
    var overwrite = false
    @Flag(help: "Print the resolved experiment, every default filled in (from the flags, a config file with the flags beside it, or a run to resume), and exit.")
    var printConfig = false
}
