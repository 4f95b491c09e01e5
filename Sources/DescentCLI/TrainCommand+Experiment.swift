import ArgumentParser
import Descent
import Foundation

/// How `descent train`'s flags become an experiment: alone they describe one in full; beside an
/// experiment file they override its keys; with `--resume` only those that leave the run what
/// it was may be given. A flag that cannot apply is an error naming it.
extension TrainCommand {
    /// The experiment the flags describe: an MLP (or the `--model cnn` network) on built-in,
    /// CSV or image data, every default filled in.
    func flagNode() throws -> ConfigNode {
        let hidden = try setup.hiddenSizes(), activation = try setup.hiddenActivation()
        let model = try files.modelName()
        if model == "cnn", let flag = regularization.modelFlags.first ?? (activation != .relu ? "--activation" : nil) {
            throw CommandFailure("\(flag) shapes the MLP of --model mlp; the --model cnn network is fixed (Conv+ReLU → MaxPool per --filters entry): write a config file for a regularized CNN (see examples/cnn-images.yaml)")
        }
        let dataset = setup.dataset ?? "spirals"
        var node = try overriding(ConfigNode.object([
            ("data", .object([("dataset", dataset.configNode), ("samples", 1500.configNode)])),
            ("optimizer", .object([("type", "adam".configNode), ("learning_rate", Float(0.01).configNode)])),
            ("epochs", 100.configNode),
            ("output", "runs/\(files.runName ?? dataset)-\(Self.timestamp())".configNode),
        ]), fromFlags: true)
        let data = try Experiment.DataSection(ConfigObject(node["data"]!, file: ConfigNode.commandLine, path: "data"))
        let loaded = try data.load(seed: setup.seed ?? 0)
        let outputs = loaded.classCount ?? loaded.targets.shape.last ?? 1
        // images, from files or built in (digits): the MLP flattens them first
        var layers: [ConfigNode] = loaded.sampleShape.count > 1 && model == "mlp" ? [.object([("type", "flatten".configNode)])] : []
        if model == "cnn" {
            layers = try convolutionalLayers(sampleShape: loaded.sampleShape, outputs: outputs, hidden: hidden)
        } else {
            layers += regularization.layers(hidden: hidden, outputs: outputs, activation: activation.name)
        }
        node = node.setting("model", to: ConfigNode(.array(layers)))
        return node
    }

    /// The `--model cnn` network as `model:` entries.
    func convolutionalLayers(sampleShape: [Int], outputs: Int, hidden: [Int]) throws -> [ConfigNode] {
        guard sampleShape.count == 3 else { throw CommandFailure("--model cnn needs images [H, W, C]; the samples have shape \(sampleShape)") }
        let filters = try files.filterCounts()
        do {
            let network = try Sequential.convolutionalNetwork(inputShape: sampleShape, filters: filters, hidden: hidden[0], outputSize: outputs,
                                                              generator: RandomGenerator(seed: 0))
            return try ModelSpec(describing: network, inputShape: sampleShape).layers
        } catch let error as DescentError {
            throw CommandFailure("--filters \(filters.map(String.init).joined(separator: ",")) pools \(sampleShape) images too often (\(error))")
        }
    }

    /// `node` (an experiment file's, or the flags' defaults when `fromFlags`) with the keys the
    /// given flags set. Beside a file, the flags that shape the flags' own MLP cannot apply.
    func overriding(_ node: ConfigNode, fromFlags: Bool = false) throws -> ConfigNode {
        if !fromFlags {
            let shaping = setup.givenFlags.filter { ["--hidden", "--activation"].contains($0) }
                + files.givenFlags.filter { ["--model", "--filters"].contains($0) } + regularization.modelFlags
            if let flag = shaping.first {
                throw CommandFailure("\(flag) shapes the MLP the flags build; beside an experiment file, change its model: section instead")
            }
        }
        try regularization.checkValues()
        var node = node
        if let epochs {
            guard epochs > 0 else { throw CommandFailure("--epochs \(epochs) must be at least 1") }
            node = node.setting("epochs", to: epochs.configNode)
        }
        if let batchSize = setup.batchSize {
            guard batchSize > 0 else { throw CommandFailure("--batch-size \(batchSize) must be at least 1, e.g. --batch-size 32") }
            node = node.setting("batch_size", to: batchSize.configNode)
        }
        if let seed = setup.seed { node = node.setting("seed", to: seed.configNode) }
        if let output { node = node.setting("output", to: output.configNode) }
        node = node.setting("optimizer", to: try optimizerNode(node["optimizer"]))
        let data = try dataNode(node["data"] ?? .object([]))
        if node["data"] != nil || !data.leaves().isEmpty { node = node.setting("data", to: data) }
        if let schedule = try scheduling.scheduleNode() { node = node.setting("schedule", to: schedule) }
        for callback in [regularization.earlyStoppingNode, try scheduling.plateauNode()].compactMap({ $0 }) {
            node = node.setting("callbacks", to: (node["callbacks"] ?? ConfigNode(.null)).appending(callback))
        }
        if regularization.inputNoise != 0 { node = node.setting(["augmentation", "input_noise"], to: regularization.inputNoise.configNode) }
        for (key, value) in try regularization.augmentationPairs() ?? [] { node = node.setting(["augmentation", key], to: value) }
        if case .bool(let isOn)? = node["diagnostics"]?.value { node = node.setting("diagnostics", to: .object([("diagnostics", isOn.configNode)])) }
        for (key, isOn) in [("diagnostics", diagnostics.diagnostics), ("tensorboard", diagnostics.tensorboard), ("sanity_checks", diagnostics.sanityChecks)] where isOn {
            node = node.setting(["diagnostics", key], to: true.configNode)
        }
        return node
    }

    /// The `optimizer:` section with --optimizer, --lr and --momentum applied. --optimizer
    /// replaces the rule and its settings, keeping the file's learning rate and groups.
    func optimizerNode(_ section: ConfigNode?) throws -> ConfigNode {
        var section = section ?? .object([])
        if let lr {
            guard lr > 0, lr.isFinite else { throw CommandFailure("--lr \(lr) must be a positive number, e.g. --lr 0.01") }
            section = section.setting("learning_rate", to: lr.configNode)
        }
        guard setup.optimizer != nil || setup.momentum != nil || lr != nil else { return section }
        let learningRate = Float(configNode: section["learning_rate"] ?? ConfigNode(.null))
        var replaced = setup.optimizer == nil ? section : try setup.optimizerNode(learningRate: learningRate ?? 0.01)
        if setup.optimizer != nil {
            if learningRate == nil { replaced = replaced.removing(["learning_rate"]) }
            if let groups = section["groups"] { replaced = replaced.setting("groups", to: groups) }
        } else if let momentum = setup.momentum {
            replaced = replaced.setting("momentum", to: momentum.configNode)
        }
        _ = try OptimizerConfig(ConfigObject(replaced, file: ConfigNode.commandLine, path: "optimizer"))
        return replaced
    }

    /// The `data:` section with the data flags applied: a new source (built-in or files)
    /// replaces the old one; --samples, --split and --scaling set their keys.
    func dataNode(_ section: ConfigNode) throws -> ConfigNode {
        var section = section
        let sourceKeys: Set = ["dataset", "samples", "csv", "label", "images", "labels", "channels_first", "validation_csv", "test_csv",
                               "validation_images", "validation_labels", "test_images", "test_labels"]
        if let files = try files.sourcePairs() {
            if setup.dataset != nil { throw CommandFailure("choose either --dataset or data files (--data/--images), not both") }
            section = section.removing(sourceKeys)
            for (key, value) in files { section = section.setting(key, to: value) }
        } else if let dataset = setup.dataset {
            guard SyntheticData.names.contains(dataset) else {
                throw CommandFailure("unknown --dataset '\(dataset)'; choose one of \(SyntheticData.names.joined(separator: ", "))")
            }
            section = section.removing(sourceKeys).setting("dataset", to: dataset.configNode)
        }
        if let samples = setup.samples {
            guard section["dataset"] != nil else { throw CommandFailure("--samples goes with a built-in --dataset") }
            guard samples >= 2 else { throw CommandFailure("--samples \(samples) must be at least 2") }
            section = section.setting("samples", to: samples.configNode)
        }
        for (key, value) in try files.splitFilePairs() { section = section.setting(key, to: value) }
        let hasFile = { (csvKey: String, imageKey: String) in section[csvKey] != nil || section[imageKey] != nil }
        if let split = try setup.splitNode(validationFile: hasFile("validation_csv", "validation_images"), testFile: hasFile("test_csv", "test_images")) {
            section = section.setting("split", to: split)
        }
        if let scaling = try files.scalingName() { section = section.setting("scaling", to: scaling.configNode) }
        if let task = try files.taskName() { section = section.setting("task", to: task.configNode) }
        return section
    }

    /// The resumed run's experiment with the flags that may change it: --epochs (to extend the
    /// run) and the diagnostics that watch it. Any other flag would make the resumed run differ
    /// from an uninterrupted one and is an error.
    func resumedExperiment(_ resumed: Experiment) throws -> Experiment {
        let allowed: Set = ["--epochs", "--diagnostics", "--tensorboard"]
        let given = setup.givenFlags + [("--lr", lr != nil), ("--output", output != nil)].compactMap { $0.1 ? $0.0 : nil }
            + files.givenFlags + regularization.givenFlags + (try scheduling.givenFlags()) + (diagnostics.sanityChecks ? ["--sanity-checks"] : [])
        if let flag = given.first(where: { !allowed.contains($0) }) {
            throw CommandFailure("\(flag) cannot change a run being resumed (it continues as it began); replay it instead: descent train \(experiment.resume ?? "RUN")/experiment.yaml \(flag) … --output NEW_FOLDER")
        }
        var experiment = resumed
        if let epochs {
            guard epochs > 0 else { throw CommandFailure("--epochs \(epochs) must be at least 1") }
            if experiment.fineTune != nil && epochs != experiment.epochs {
                throw CommandFailure("--epochs cannot extend a run with a fine_tune phase; replay its experiment.yaml with more epochs instead")
            }
            experiment.epochs = epochs
        }
        experiment.diagnostics = experiment.diagnostics.merged(with: DiagnosticsSettings(diagnostics: diagnostics.diagnostics, tensorBoard: diagnostics.tensorboard))
        return experiment
    }

    /// `2026-12-03T08-15-00Z`, for default run folders.
    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
    }
}
