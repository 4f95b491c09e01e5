import ArgumentParser
import Descent
import Foundation

/// `descent check`: the sanity checks of `SanityChecks` on the model and data that
/// `descent train` would use with the same flags or config file, without training.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Sanity-check a model and its data before training: initial loss, gradients, overfitting one batch, data.",
        discussion: """
            Builds the data splits, model and optimizer exactly as `descent train` does with the
            same flags or experiment config (YAML or JSON), then runs:
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
              descent check examples/diagnostics-spirals.yaml
            """)

    @OptionGroup(title: "Model and data (the flags of descent train)") var train: TrainCommand
    @Option(parsing: .unconditional, help: "Full-batch steps of the overfit-one-batch check.")
    var overfitSteps = 300
    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        var failed = false
        try reportingFailures {
            guard overfitSteps >= 1 else { throw CommandFailure("--overfit-steps \(overfitSteps) must be at least 1") }
            let report = try checkReport()
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

    /// Runs the checks on the experiment of CONFIG or of the flags (its data, model, loss,
    /// optimizer and input noise, as `descent train` builds them).
    func checkReport() throws -> SanityReport {
        if train.experiment.resume != nil || train.experiment.printConfig {
            throw CommandFailure("descent check takes a config file or the flags of descent train, not --resume or --print-config")
        }
        let diagnostics = train.diagnostics
        let inapplicable = [("--epochs", train.epochs != nil), ("--output", train.output != nil), ("--quiet", train.quiet),
                            ("--overwrite", train.experiment.overwrite), ("--diagnostics", diagnostics.diagnostics),
                            ("--tensorboard", diagnostics.tensorboard), ("--sanity-checks", diagnostics.sanityChecks)].compactMap { $0.1 ? $0.0 : nil }
            + (try train.scheduling.givenFlags())
        if let flag = inapplicable.first { throw CommandFailure("\(flag) does not apply to descent check, which trains nothing and writes no run folder") }
        var checks = SanityChecks()
        checks.overfitSteps = overfitSteps
        let setup = try ExperimentSetup(try train.experimentRun().config)
        let (train, validation) = (setup.parts.train, setup.parts.validation)
        return try setup.makeTrainer(phase: 0).sanityCheck(train.features, train.targets, validationData: validation.count > 0 ? (validation.features, validation.targets) : nil, checks: checks)
    }
}
