import ArgumentParser
import Descent

/// The `descent train` flags for regularization, normalization, initialization and early
/// stopping (an `@OptionGroup` of `TrainCommand`).
struct RegularizationOptions: ParsableArguments {
    @Option(help: "L1 penalty on every Dense weight: l1·Σ|w| added to the loss (Keras' convention).")
    var l1: Float = 0
    @Option(help: "L2 penalty on every Dense weight: l2·Σw² added to the loss (PyTorch weight_decay wd ⇔ --l2 wd/2).")
    var l2: Float = 0
    @Option(help: "Dropout rate after each hidden layer (inverted dropout), in [0, 1).")
    var dropout: Float = 0
    @Flag(help: "BatchNorm after each hidden Dense, before its activation.")
    var batchNorm = false
    @Option(help: "Weight initializer: \(Initializer.names.joined(separator: ", ")); normal:0.05 sets σ.")
    var `init` = "glorot-uniform"
    @Option(help: "Stop when val_loss has not improved for this many epochs, and restore the best weights.")
    var earlyStoppingPatience: Int?
    @Option(help: "The smallest decrease of val_loss that counts as an improvement.")
    var earlyStoppingMinDelta: Double = 0
    @Option(help: "σ of Gaussian noise added to the training inputs of every batch.")
    var inputNoise: Float = 0

    /// The validated settings, or a `CommandFailure` naming the flag.
    func resolved() throws -> RegularizationSettings {
        for (flag, value) in [("--l1", l1), ("--l2", l2), ("--input-noise", inputNoise)] where !(value >= 0 && value.isFinite) {
            throw CommandFailure("\(flag) \(value) must be a finite number ≥ 0, e.g. \(flag) 1e-4")
        }
        guard dropout >= 0 && dropout < 1 else { throw CommandFailure("--dropout \(dropout) must lie in [0, 1), e.g. --dropout 0.3") }
        guard Initializer(name: self.`init`) != nil else {
            throw CommandFailure("unknown --init '\(self.`init`)'; choose one of \(Initializer.names.joined(separator: ", "))")
        }
        if let patience = earlyStoppingPatience, patience < 0 {
            throw CommandFailure("--early-stopping-patience \(patience) must be at least 0")
        }
        guard earlyStoppingMinDelta >= 0 else { throw CommandFailure("--early-stopping-min-delta \(earlyStoppingMinDelta) must be ≥ 0") }
        return RegularizationSettings(
            l1: l1, l2: l2, dropout: dropout, batchNorm: batchNorm, initializer: self.`init`,
            earlyStoppingPatience: earlyStoppingPatience, earlyStoppingMinDelta: earlyStoppingMinDelta, inputNoise: inputNoise)
    }
}

/// The regularization part of `config.json`, and how it shapes the model and the fit.
struct RegularizationSettings: Codable, Equatable {
    var l1: Float = 0
    var l2: Float = 0
    var dropout: Float = 0
    var batchNorm = false
    var initializer = "glorot-uniform"
    var earlyStoppingPatience: Int?
    var earlyStoppingMinDelta: Double = 0
    var inputNoise: Float = 0

    /// An MLP: per hidden layer Dense → [BatchNorm] → activation → [Dropout], then a linear
    /// output layer; every Dense weight carries the L1/L2 penalty.
    func makeModel(inputSize: Int, hidden: [Int], outputSize: Int, activation: Activation, seed: UInt64) -> Sequential {
        let generator = RandomGenerator(seed: seed)
        let dropoutGenerator = RandomGenerator(seed: seed &+ 100)
        let initializer = Initializer(name: initializer) ?? .glorotUniform
        let penalty = l1 > 0 || l2 > 0 ? Regularizer(l1: l1, l2: l2) : nil
        let sizes = [inputSize] + hidden
        var layers: [any Layer] = []
        for (input, output) in zip(sizes, sizes.dropFirst()) {
            let dense = Dense(inputSize: input, outputSize: output, activation: batchNorm ? .linear : activation,
                              weightInitializer: initializer, generator: generator)
            dense.weightRegularizer = penalty
            layers.append(dense)
            if batchNorm { layers += [BatchNorm(featureCount: output), ActivationLayer(activation)] }
            if dropout > 0 { layers.append(Dropout(rate: dropout, generator: dropoutGenerator)) }
        }
        let head = Dense(inputSize: sizes.last!, outputSize: outputSize, weightInitializer: initializer, generator: generator)
        head.weightRegularizer = penalty
        return Sequential(layers + [head])
    }

    /// Early stopping on val_loss with the best weights restored, when asked for.
    func callbacks() -> [any Callback] {
        guard let patience = earlyStoppingPatience else { return [] }
        return [EarlyStopping(monitor: .validationLoss, minDelta: earlyStoppingMinDelta, patience: patience, restoresBestWeights: true)]
    }

    /// Input noise for the training batches, when asked for.
    func augmentation(seed: UInt64) -> (any Augmentation)? {
        inputNoise > 0 ? FeatureNoise(standardDeviation: inputNoise, generator: RandomGenerator(seed: seed)) : nil
    }
}
