import ArgumentParser
import Descent
import Foundation

/// `descent check`: the sanity checks of `SanityChecks` on the model and data that
/// `descent train` would use with the same flags, without training.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Sanity-check a model and its data before training: initial loss, gradients, overfitting one batch, data.",
        discussion: """
            Builds the data splits, model and optimizer exactly as `descent train` does with the
            same flags, then runs:
              initial-loss    softmax cross-entropy should start near ln K (2.30 for 10 classes)
              gradient-check  backward vs finite differences on 4 samples, worst layer named
              overfit-batch   the optimizer should drive the loss near 0 on 20 samples
              data-…          aligned finite values, labels in range, scaling, class balance/shift
            One line per check (PASSED, WARNING, FAILED, SKIPPED); --json prints the report as JSON.
            Exit status: 0 when nothing failed, 1 when a check failed, 2 for bad flags.

            Examples:
              descent check
              descent check --dataset moons --hidden 8 --lr 0.001 --optimizer sgd
              descent check --data iris.csv --label species --json
            """)

    @OptionGroup(title: "Model and data (the flags of descent train)") var train: TrainCommand
    @Option(help: "Full-batch steps of the overfit-one-batch check.")
    var overfitSteps = 300
    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        var failed = false
        try reportingFailures {
            guard overfitSteps >= 1 else { throw CommandFailure("--overfit-steps \(overfitSteps) must be at least 1") }
            let report = try checkReport(settings: try resolvedSettings())
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report)
            }
            failed = report.hasFailures
        }
        if failed { throw ExitCode(1) }
    }

    /// The settings to check. Extension point: when experiment config files arrive, load
    /// CONFIG here (the flags then override it), as `descent train` will.
    func resolvedSettings() throws -> TrainingSettings {
        try train.scheduling.applied(to: train.resolvedSettings())
    }

    /// Runs the checks; preprocessing statistics go to a temporary folder that is removed.
    func checkReport(settings: TrainingSettings) throws -> SanityReport {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("descent-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let prepared = try TrainingRun(settings: settings).prepare(folder: scratch)
        var checks = SanityChecks()
        checks.overfitSteps = overfitSteps
        let (train, validation) = (prepared.parts.train, prepared.parts.validation)
        return prepared.trainer.sanityCheck(train.features, train.targets, validationData: (validation.features, validation.targets), checks: checks)
    }
}
