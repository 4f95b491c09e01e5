import ArgumentParser
import Descent
import Foundation

/// The flags of `descent train` that choose the built-in data, the MLP, the optimizer and the
/// batches (an `@OptionGroup` of `TrainCommand` and `LRFindCommand`, so that both build the
/// same experiment). Each is nil when not given, so that a flag beside an experiment file
/// overrides only what the user wrote.
struct TrainingSetupOptions: ParsableArguments {
    @Option(help: "Built-in dataset: \(SyntheticData.names.joined(separator: ", ")) (default spirals).")
    var dataset: String?
    @Option(parsing: .unconditional, help: "Number of samples to generate (default 1500).")
    var samples: Int?
    @Option(help: "Hidden layer sizes, comma-separated (default 64,64).")
    var hidden: String?
    @Option(help: "Hidden activation: relu (default), tanh, sigmoid, leaky_relu, elu, selu, gelu, swish, … (leaky_relu(0.2) sets α).")
    var activation: String?
    @Option(help: "Optimizer: \(RuleRegistry.names.joined(separator: ", ")) (default adam); settings as in `descent optimize`, e.g. adamw:weight-decay=0.05.")
    var optimizer: String?
    @Option(parsing: .unconditional, help: "Momentum for sgd, sgdw and rmsprop.")
    var momentum: Float?
    @Option(parsing: .unconditional, help: "Mini-batch size (default 32).")
    var batchSize: Int?
    @Option(parsing: .unconditional, help: "Seed for data, initialization and shuffling (default 0).")
    var seed: UInt64?
    @Option(help: "Fractions for training and validation; the rest is the test split (default 0.7,0.15). Beside --test-data/--test-images: the validation share alone; beside a validation file: the training share alone.")
    var split: String?

    /// The hidden sizes, checked.
    func hiddenSizes() throws -> [Int] { try parseIntegerList(hidden ?? "64,64", flag: "--hidden") }

    /// The activation, checked.
    func hiddenActivation() throws -> Activation {
        guard let hiddenActivation = Activation(name: activation ?? "relu"), ![.softmax, .logSoftmax].contains(hiddenActivation) else {
            throw CommandFailure("unknown --activation '\(activation ?? "")'; choose \(Activation.allCases.dropLast(2).map(\.name).joined(separator: ", "))")
        }
        return hiddenActivation
    }

    /// The `data.split` section of --split, checked: TRAIN,VALIDATION fractions (the rest is the
    /// test split; a zero validation share or a sum of 1 leaves that part empty), or, beside a
    /// validation or a test file, the one fraction still cut from the training file.
    func splitNode(validationFile: Bool, testFile: Bool) throws -> ConfigNode? {
        guard let split else { return nil }
        let fractions = split.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        switch (validationFile, testFile) {
        case (true, true):
            throw CommandFailure("--split does not apply: the validation and test data come from files, so all of the training file trains")
        case (true, false):
            guard fractions.count == 1, let train = fractions[0], train > 0, train <= 1 else {
                throw CommandFailure("--split '\(split)': with a validation file, give the training share of the training file (the rest is the test split), e.g. --split 0.85")
            }
            return .object([("train", train.configNode)])
        case (false, true):
            guard fractions.count == 1, let validation = fractions[0], validation >= 0, validation < 1 else {
                throw CommandFailure("--split '\(split)': with a test file, give the validation share of the training file (the rest trains), e.g. --split 0.15")
            }
            return .object([("validation", validation.configNode)])
        case (false, false):
            guard fractions.count == 2, let train = fractions[0], let validation = fractions[1], train > 0, validation >= 0, train + validation <= 1 else {
                throw CommandFailure("--split '\(split)' must be two fractions, train > 0 and validation ≥ 0 with a sum of at most 1, e.g. 0.7,0.15")
            }
            return .object([("train", train.configNode), ("validation", validation.configNode)])
        }
    }

    /// The `optimizer:` section of --optimizer (with its `key=value` settings) and --momentum at
    /// learning rate `learningRate`, checked.
    func optimizerNode(learningRate: Float) throws -> ConfigNode {
        let spec = try OptimizerFlagSpec(optimizer ?? "adam")
        var node = spec.node.setting("learning_rate", to: learningRate.configNode)
        if let momentum {
            guard spec.ruleType.configKeys.contains("momentum") else {
                throw CommandFailure("--momentum applies to sgd, sgdw and rmsprop, not \(spec.name)")
            }
            node = node.setting("momentum", to: momentum.configNode)
        }
        _ = try OptimizerConfig(ConfigObject(node, file: ConfigNode.commandLine, path: "optimizer"))
        return node
    }

    /// The flags given, by name.
    var givenFlags: [String] {
        [("--dataset", dataset != nil), ("--samples", samples != nil), ("--hidden", hidden != nil), ("--activation", activation != nil),
         ("--optimizer", optimizer != nil), ("--momentum", momentum != nil), ("--batch-size", batchSize != nil), ("--seed", seed != nil),
         ("--split", split != nil)].compactMap { $0.1 ? $0.0 : nil }
    }
}
