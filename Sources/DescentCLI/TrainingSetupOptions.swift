import ArgumentParser
import Descent
import Foundation

/// The flags of `descent train` that choose the built-in data, the MLP, the optimizer and the
/// batches (an `@OptionGroup` of `TrainCommand` and `LRFindCommand`, so that both build the
/// same run through `TrainingRun.prepare`).
struct TrainingSetupOptions: ParsableArguments {
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
    @Option(help: "Momentum for sgd, sgdw and rmsprop.")
    var momentum: Float = 0
    @Option(help: "Mini-batch size.")
    var batchSize = 32
    @Option(help: "Seed for data, initialization and shuffling.")
    var seed: UInt64 = 0
    @Option(help: "Fractions for training and validation; the rest is the test split.")
    var split = "0.7,0.15"

    /// The checked settings of a run with these flags and the others given.
    func settings(learningRate: Float, epochs: Int, output: String, files: DataSource?, regularization: RegularizationSettings) throws -> TrainingSettings {
        guard batchSize > 0 else { throw CommandFailure("--batch-size \(batchSize) must be at least 1, e.g. --batch-size 32") }
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
        if files?.model == "cnn" {
            let r = regularization, d = RegularizationSettings()
            let modelFlags = [("--l1", r.l1 != d.l1), ("--l2", r.l2 != d.l2), ("--dropout", r.dropout != d.dropout),
                              ("--batch-norm", r.batchNorm != d.batchNorm), ("--init", r.initializer != d.initializer),
                              ("--activation", hiddenActivation != .relu)]
            if let flag = modelFlags.first(where: \.1)?.0 {
                throw CommandFailure("\(flag) shapes the MLP of --model mlp; the --model cnn network is fixed (Conv+ReLU → MaxPool per --filters entry): write a config file for a regularized CNN (see examples/cnn-images.yaml)")
            }
        }
        let settings = TrainingSettings(
            dataset: dataset, samples: samples, hidden: try parseIntegerList(hidden, flag: "--hidden"),
            activation: hiddenActivation.name, optimizer: optimizer, learningRate: learningRate, momentum: momentum,
            epochs: epochs, batchSize: batchSize, seed: seed, trainFraction: fractions[0], validationFraction: fractions[1],
            output: output, regularization: regularization, files: files)
        _ = try settings.optimizerSpec().makeOptimizer([])
        return settings
    }
}
