import ArgumentParser
import Descent
import Foundation

struct LRFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Suggest a learning rate with the range test (Smith 2017).",
        discussion: """
            Trains the model of `descent train` (same data, split, model and optimizer
            flags, --data/--images/--model cnn, --l1 --l2 --dropout --batch-norm
            --init --input-noise, or an experiment file) for at
            most --steps mini-batches while the learning rate grows exponentially
            from --start-lr to --end-lr. The loss is smoothed (β = --smoothing) and
            the test stops once it exceeds --divergence-factor times its minimum.
            The suggestion is the rate where the smoothed loss falls fastest, at
            most a tenth of the rate at its minimum. Model and optimizer are
            restored afterwards; nothing is written but --svg.

            Examples:
              descent lr-find
              descent lr-find --optimizer sgd --momentum 0.9 --svg lr.svg
              descent lr-find --steps 200 --csv > lr-find.csv
              descent lr-find --data iris.csv --label species --optimizer adamw
            """)

    @OptionGroup var setup: TrainingSetupOptions
    @OptionGroup(title: "Data files and model") var files: DataOptions
    @OptionGroup(visibility: .hidden) var regularization: RegularizationOptions
    @Argument(help: ArgumentHelp("An experiment file whose data, model and optimizer to test (instead of the flags).", valueName: "experiment.yaml"))
    var config: String?
    @Option(parsing: .unconditional, help: "The first learning rate.")
    var startLr: Float = 1e-7
    @Option(parsing: .unconditional, help: "The last learning rate, if the loss has not diverged before.")
    var endLr: Float = 10
    @Option(parsing: .unconditional, help: "Mini-batches (and learning rates) at most.")
    var steps = 300
    @Option(parsing: .unconditional, help: "β of the moving average of the loss.")
    var smoothing = 0.98
    @Option(parsing: .unconditional, help: "Stop when the smoothed loss exceeds this multiple of its minimum.")
    var divergenceFactor = 4.0
    @Flag(help: "Print lr,loss,smoothed_loss for every mini-batch (raw and smoothed) instead of the summary.")
    var csv = false
    @Option(help: "Write an SVG chart of the loss against the learning rate (log axis) to this file.")
    var svg: String?

    func run() throws {
        try reportingFailures {
            guard steps >= 2 else { throw CommandFailure("--steps \(steps) must be at least 2") }
            let test = try LearningRateRangeTest(startLearningRate: startLr, endLearningRate: endLr, steps: steps,
                                                 smoothing: smoothing, divergenceFactor: divergenceFactor)
            let experiment = try self.experiment()
            let setup = try ExperimentSetup(experiment)
            let data = setup.parts.train
            let result = try test.run(try setup.makeTrainer(phase: 0), data.features, data.targets, batchSize: experiment.batchSize, seed: experiment.seed &+ 2)
            if csv {
                print("lr,loss,smoothed_loss")
                for i in result.losses.indices { print("\(result.learningRates[i]),\(result.losses[i]),\(result.smoothedLosses[i])") }
            } else {
                print(summary(result))
            }
            if let svg {
                try AtomicFile.write(result.chart().svg(), to: URL(fileURLWithPath: svg))
                if !csv { print("Wrote \(svg)") }
            }
        }
    }

    /// The experiment `descent train` builds from the same flags or file.
    func experiment() throws -> Experiment {
        var train = try TrainCommand.parse([])
        (train.setup, train.files, train.regularization, train.experiment.config) = (setup, files, regularization, config)
        return try train.experimentRun().config
    }

    func summary(_ result: LearningRateRangeResult) -> String {
        let last = result.learningRates.last ?? startLr
        var lines = ["Range test: \(result.losses.count) mini-batches, lr \(format(startLr)) → \(format(last)) (\(result.stopReason ?? "done"))"]
        guard let suggested = result.suggestedLearningRate else {
            lines.append("No suggestion: the loss never fell. Try a wider range (--start-lr, --end-lr) or more --steps.")
            return lines.joined(separator: "\n")
        }
        lines.append("Suggested learning rate: \(format(suggested))")
        if let steepest = result.steepestDescentLearningRate { lines.append("  steepest descent of the smoothed loss at lr \(format(steepest))") }
        if let index = result.smoothedLosses.indices.min(by: { result.smoothedLosses[$0] < result.smoothedLosses[$1] }) {
            lines.append("  minimum smoothed loss \(String(format: "%.4f", result.smoothedLosses[index])) at lr \(format(result.learningRates[index])); a tenth of it: \(format(result.learningRates[index] / 10))")
        }
        lines.append("Try: descent train --lr \(format(suggested))  (with the same data and model flags)")
        return lines.joined(separator: "\n")
    }

    private func format(_ rate: Float) -> String { String(format: "%.3g", Double(rate)) }
}
