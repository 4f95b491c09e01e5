import ArgumentParser
import Descent
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model and write a run folder (settings, history.csv, model/, report.html).",
        discussion: """
            With no options, trains an MLP (64,64, ReLU) with Adam on 1,500 points of the
            3-arm spiral data, split 70/15/15, and reports the test accuracy. The run folder
            keeps the trained model in model/ for descent evaluate, predict and summary.

            Examples:
              descent train
              descent train --dataset moons --hidden 16,16 --epochs 40 --output runs/moons
              descent train --dataset sine --lr 0.01 --quiet
              descent train --data iris.csv --label species --epochs 50
              descent train --images train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --model cnn --lr 0.001 --epochs 5
              descent train --lr 0.02 --schedule cosine --warmup-steps 100
              descent train examples/regularized-moons.yaml       # an experiment file (YAML or JSON)
              descent train --resume runs/regularized-moons       # continue from the latest checkpoint
              descent train --print-config --dropout 0.3 > experiment.yaml
            """)

    @OptionGroup var setup: TrainingSetupOptions
    @Option(help: "Learning rate (> 0).")
    var lr: Float = 0.01
    @Option(help: "Number of epochs.")
    var epochs = 100
    @Option(help: "Run folder (default: runs/<dataset>-<timestamp>).")
    var output: String?
    @Flag(help: "Print nothing but the final result lines.")
    var quiet = false
    @OptionGroup(title: "Data files and model") var files: DataOptions
    @OptionGroup(title: "Regularization, normalization, initialization") var regularization: RegularizationOptions
    @OptionGroup(title: "Learning-rate schedule") var scheduling: TrainScheduleOptions
    @OptionGroup(title: "Experiment files, checkpoints and resuming") var experiment: ExperimentOptions
    @OptionGroup(title: "Diagnostics") var diagnostics: DiagnosticsOptions

    func run() throws {
        try reportingFailures {
            let flagSettings = { diagnostics.applied(to: try scheduling.applied(to: resolvedSettings())) }
            if try experiment.run(flags: flagSettings, diagnostics: diagnostics, quiet: quiet) { return }
            let settings = try flagSettings()
            let outcome = try TrainingRun(settings: settings).execute(verbosity: quiet ? .silent : .auto)
            print(outcome.summary)
        }
    }

    func resolvedSettings() throws -> TrainingSettings {
        guard lr > 0, lr.isFinite else { throw CommandFailure("--lr \(lr) must be a positive number, e.g. --lr 0.01") }
        guard epochs > 0 else { throw CommandFailure("--epochs \(epochs) must be at least 1") }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        return try setup.settings(learningRate: lr, epochs: epochs, output: output ?? "runs/\(files.runName ?? setup.dataset)-\(stamp)",
                                  files: try files.resolved(), regularization: try regularization.resolved())
    }
}
