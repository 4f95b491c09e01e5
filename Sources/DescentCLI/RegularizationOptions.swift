import ArgumentParser
import Descent

/// The `descent train` flags for regularization, normalization, initialization and early
/// stopping (an `@OptionGroup` of `TrainCommand`).
struct RegularizationOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "L1 penalty on every Dense weight: l1·Σ|w| added to the loss (Keras' convention).")
    var l1: Float = 0
    @Option(parsing: .unconditional, help: "L2 penalty on every Dense weight: l2·Σw² added to the loss (PyTorch weight_decay wd ⇔ --l2 wd/2).")
    var l2: Float = 0
    @Option(parsing: .unconditional, help: "Dropout rate after each hidden layer (inverted dropout), in [0, 1).")
    var dropout: Float = 0
    @Flag(help: "BatchNorm after each hidden Dense, before its activation.")
    var batchNorm = false
    @Option(help: "Weight initializer: \(Initializer.names.joined(separator: ", ")); normal:0.05 sets σ.")
    var `init` = "glorot-uniform"
    @Option(parsing: .unconditional, help: "Stop when val_loss has not improved for this many epochs, and restore the best weights.")
    var earlyStoppingPatience: Int?
    @Option(parsing: .unconditional, help: "The smallest decrease of val_loss that counts as an improvement.")
    var earlyStoppingMinDelta: Double = 0
    @Option(parsing: .unconditional, help: "σ of Gaussian noise added to the training inputs of every batch.")
    var inputNoise: Float = 0
    @Option(help: ArgumentHelp("Image augmentation, KEY=VALUE,…: horizontal-flip (probability), crop-padding (pixels), translation (fraction), rotation (degrees), cutout (pixels), and translation-/rotation-/cutout-probability; e.g. horizontal-flip=0.5,crop-padding=4,cutout=8.", valueName: "settings"))
    var augment: String?

    /// Throws a `CommandFailure` naming the first bad flag.
    func checkValues() throws {
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
        if earlyStoppingPatience == nil && earlyStoppingMinDelta != 0 { throw CommandFailure("--early-stopping-min-delta needs --early-stopping-patience N") }
    }

    /// The flags given, by name.
    var givenFlags: [String] {
        modelFlags + [("--early-stopping-patience", earlyStoppingPatience != nil), ("--early-stopping-min-delta", earlyStoppingMinDelta != 0),
                      ("--input-noise", inputNoise != 0), ("--augment", augment != nil)].compactMap { $0.1 ? $0.0 : nil }
    }

    /// The flags that shape the MLP, given with a value other than the default.
    var modelFlags: [String] {
        [("--l1", l1 != 0), ("--l2", l2 != 0), ("--dropout", dropout != 0), ("--batch-norm", batchNorm), ("--init", self.`init` != "glorot-uniform")]
            .compactMap { $0.1 ? $0.0 : nil }
    }

    /// The MLP layers of these flags for `hidden` sizes with `activation`.
    func layers(hidden: [Int], outputs: Int, activation: String) -> [ConfigNode] {
        ModelSpec.multilayerPerceptron(hidden: hidden, outputs: outputs, activation: activation, batchNorm: batchNorm, dropout: dropout,
                                       l1: l1, l2: l2, initializer: self.`init`)
    }

    /// The `augmentation:` keys of --augment (`crop-padding=4` sets `crop_padding: 4`), each a
    /// number; nil without the flag. Their ranges are checked with the experiment.
    func augmentationPairs() throws -> [(String, ConfigNode)]? {
        guard let augment else { return nil }
        let keys = Experiment.augmentationKeys.filter { $0 != "input_noise" }
        guard !augment.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CommandFailure("--augment is empty; give KEY=VALUE settings, e.g. --augment horizontal-flip=0.5,crop-padding=4")
        }
        return try augment.split(separator: ",").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let key = parts[0].replacingOccurrences(of: "-", with: "_")
            guard keys.contains(key) else {
                throw CommandFailure("--augment '\(augment)': unknown setting '\(parts[0])'; choose \(keys.map { $0.replacingOccurrences(of: "_", with: "-") }.joined(separator: ", "))")
            }
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw CommandFailure("--augment '\(augment)': \(parts[0]) needs a number, e.g. \(parts[0])=\(key.hasSuffix("probability") || key == "horizontal_flip" ? "0.5" : "4")")
            }
            return (key, key == "crop_padding" || key == "cutout" ? (value == value.rounded() ? Int(value).configNode : value.configNode) : value.configNode)
        }
    }

    /// The early-stopping entry of `callbacks:`, nil without --early-stopping-patience.
    var earlyStoppingNode: ConfigNode? {
        earlyStoppingPatience.map { patience in
            .object([("type", "early_stopping".configNode), ("monitor", "val_loss".configNode), ("patience", patience.configNode),
                     ("min_delta", earlyStoppingMinDelta.configNode), ("restore_best_weights", true.configNode)])
        }
    }
}
