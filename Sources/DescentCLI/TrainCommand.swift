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

    @Option(help: "Built-in dataset: \(SyntheticData.names.joined(separator: ", ")).")
    var dataset = "spirals"
    @Option(help: "Number of samples to generate.")
    var samples = 1500
    @Option(help: "Hidden layer sizes, comma-separated.")
    var hidden = "64,64"
    @Option(help: "Hidden activation: relu, tanh, sigmoid, leaky_relu, elu, selu, gelu, swish, … (leaky_relu(0.2) sets α).")
    var activation = "relu"
    @Option(help: "Optimizer: \(OptimizerSpec.names.joined(separator: ", ")); settings as in `descent optimize`, e.g. adamw:weight-decay=0.05.")
    var optimizer = "adam"
    @Option(help: "Learning rate (> 0).")
    var lr: Float = 0.01
    @Option(help: "Momentum for sgd, sgdw and rmsprop.")
    var momentum: Float = 0
    @Option(help: "Number of epochs.")
    var epochs = 100
    @Option(help: "Mini-batch size.")
    var batchSize = 32
    @Option(help: "Seed for data, initialization and shuffling.")
    var seed: UInt64 = 0
    @Option(help: "Fractions for training and validation; the rest is the test split.")
    var split = "0.7,0.15"
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
        guard batchSize > 0 else { throw CommandFailure("--batch-size \(batchSize) must be at least 1, e.g. --batch-size 32") }
        guard epochs > 0 else { throw CommandFailure("--epochs \(epochs) must be at least 1") }
        guard momentum >= 0 && momentum < 1 else { throw CommandFailure("--momentum \(momentum) must lie in [0, 1)") }
        guard SyntheticData.names.contains(dataset) else {
            throw CommandFailure("unknown --dataset '\(dataset)'; choose one of \(SyntheticData.names.joined(separator: ", "))")
        }
        guard let hiddenActivation = Activation(name: activation), ![.softmax, .logSoftmax].contains(hiddenActivation) else {
            throw CommandFailure("unknown --activation '\(activation)'; choose \(Activation.allCases.dropLast(2).map(\.name).joined(separator: ", "))")
        }
        let rule = try OptimizerSpec(optimizer, flags: [:])
        guard momentum == 0 || OptimizerSpec.takes(rule.name, "momentum") else { throw CommandFailure("--momentum applies to sgd, sgdw and rmsprop, not \(rule.name)") }
        let fractions = split.split(separator: ",").compactMap { Double($0) }
        guard fractions.count == 2, fractions[0] > 0, fractions[1] > 0, fractions[0] + fractions[1] < 1 else {
            throw CommandFailure("--split '\(split)' must be two positive fractions with a sum below 1, e.g. 0.7,0.15")
        }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        let settings = TrainingSettings(
            dataset: dataset, samples: samples, hidden: try parseIntegerList(hidden, flag: "--hidden"),
            activation: hiddenActivation.name, optimizer: optimizer, learningRate: lr, momentum: momentum,
            epochs: epochs, batchSize: batchSize, seed: seed,
            trainFraction: fractions[0], validationFraction: fractions[1],
            output: output ?? "runs/\(files.runName ?? dataset)-\(stamp)",
            regularization: try regularization.resolved(), files: try files.resolved())
        _ = try settings.optimizerSpec().makeOptimizer([])
        return settings
    }
}
