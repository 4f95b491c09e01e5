import Descent
import Foundation

/// An experiment file (`descent train experiment.yaml`), checked key by key: every section
/// with its defaults filled in. `resolvedNode` is what `--print-config` writes and what the run
/// folder keeps as `experiment.yaml`; reading it back gives the same experiment.
///
/// Top-level keys: `data`, `base`, `model`, `loss`, `metrics`, `optimizer`, `schedule`,
/// `callbacks`, `checkpoint`, `augmentation`, `fine_tune`, `diagnostics`, `epochs`,
/// `batch_size`, `seed`, `output`. The `diagnostics` section matches `descent train`'s flags
/// (each false by default; the flags, given with a config file, turn them on too):
///
///     diagnostics:
///       diagnostics: true      # --diagnostics: per-layer norms, update ratios, warnings, NaN stop
///       tensorboard: true      # --tensorboard: an event file in the run folder
///       sanity_checks: true    # --sanity-checks: the checks of `descent check` first
///
/// `diagnostics: true` is short for the first key alone. `optimizer.groups` lists parameter
/// groups (`ParameterGroupSpec`). Every run folder gets `report.html`
/// and `learning-curves.svg`.
struct ExperimentConfig {
    struct DataSection {
        var dataset: String?
        var samples = 1500
        var csv: String?
        var label: String?
        var images: String?
        var labels: String?
        var channelsFirst = false
        var scaling = "auto"
        var train = 0.7
        var validation = 0.15
    }

    struct BaseSection {
        var model: String
        var dropLast = 0
        var freezeUntil: ConfigNode?
    }

    struct FineTuneSection {
        var unfreezeFrom: ConfigNode
        var epochs: Int
        var learningRate: Float
    }

    struct CheckpointSection {
        var period = 1
        var keep: Int? = 2
        var saveBestOnly = false
        var monitor = "val_loss"
        /// Also checkpoint after every N-th batch inside an epoch; nil for epoch ends only.
        var everyBatches: Int?
    }

    var file: String
    var data = DataSection()
    var base: BaseSection?
    var model: [ConfigNode] = []
    var loss = "auto"
    var metrics: [String] = ["auto"]
    /// The rule's name and its settings by `descent optimize` key (`lr`, `beta1`, `weight-decay`, …).
    var optimizer = (name: "adam", settings: ["lr": "0.001"] as [String: String])
    var optimizerNode = ConfigNode.object([])
    /// `optimizer.groups`: per-group learning-rate factors and weight decay.
    var parameterGroups: [ParameterGroupSpec] = []
    var schedule: ConfigNode?
    var callbacks: [ConfigNode] = []
    var checkpoint = CheckpointSection()
    var inputNoise: Float = 0
    var fineTune: FineTuneSection?
    /// The `diagnostics` section: per-layer diagnostics, TensorBoard, sanity checks.
    var diagnostics = DiagnosticsSettings()
    var epochs = 100
    var batchSize = 32
    var seed: UInt64 = 0
    var output: String

    static let topLevelKeys = ["data", "base", "model", "loss", "metrics", "optimizer", "schedule", "callbacks", "checkpoint",
                               "augmentation", "fine_tune", "diagnostics", "epochs", "batch_size", "seed", "output"]

    /// Reads and checks a config file.
    init(contentsOf url: URL) throws {
        try self.init(node: try ConfigNode.read(contentsOf: url), file: url.path)
    }

    init(node: ConfigNode, file: String) throws {
        self.file = file
        let root = try ConfigObject(node, file: file)
        epochs = try root.value("epochs", default: epochs)
        try root.check(epochs >= 1, "epochs", "an integer ≥ 1")
        batchSize = try root.value("batch_size", default: batchSize)
        try root.check(batchSize >= 1, "batch_size", "an integer ≥ 1")
        seed = try root.value("seed", default: seed)
        if let section = try root.object("data") { data = try Self.readData(section) }
        output = try root.value("output", default: "runs/\(data.dataset ?? "experiment")")
        if let section = try root.object("base") {
            base = BaseSection(model: try section.required("model"), dropLast: try section.value("drop_last", default: 0),
                               freezeUntil: section.node("freeze_until"))
            try section.check(base!.dropLast >= 0, "drop_last", "an integer ≥ 0")
            try section.rejectUnknownKeys()
        }
        model = try root.array("model") ?? []
        if model.isEmpty && base == nil { throw root.error(nil, "missing key 'model' (a list of layers, e.g. - {type: dense, units: 3})") }
        loss = try root.value("loss", default: loss)
        try root.check(["auto", "softmax_cross_entropy", "binary_cross_entropy", "mean_squared_error"].contains(loss), "loss",
                       "auto, softmax_cross_entropy, binary_cross_entropy or mean_squared_error")
        metrics = try root.value("metrics", default: metrics)
        try root.check(metrics.allSatisfy { ["auto", "accuracy", "mae"].contains($0) }, "metrics", "a list of accuracy, mae or auto")
        if let section = try root.object("optimizer") { try readOptimizer(section) }
        if let section = try root.object("schedule") { schedule = section.node }
        callbacks = try root.array("callbacks") ?? []
        if let section = try root.object("checkpoint") { checkpoint = try Self.readCheckpoint(section) }
        if let section = try root.object("augmentation") {
            inputNoise = try section.value("input_noise", default: Float(0))
            try section.check(inputNoise >= 0 && inputNoise.isFinite, "input_noise", "a finite number ≥ 0")
            try section.rejectUnknownKeys()
        }
        if let section = try root.object("fine_tune") {
            guard let from = section.node("unfreeze_from") else { throw section.error(nil, "missing key 'unfreeze_from' (a layer name or index)") }
            fineTune = FineTuneSection(unfreezeFrom: from, epochs: try section.required("epochs"), learningRate: try section.required("learning_rate"))
            try section.check(fineTune!.epochs >= 1, "epochs", "an integer ≥ 1")
            try section.check(fineTune!.learningRate > 0, "learning_rate", "a positive number")
            try section.rejectUnknownKeys()
        }
        if case .bool(let isOn)? = root.node("diagnostics")?.value {
            diagnostics.diagnostics = isOn
        } else if let section = try root.object("diagnostics") {
            diagnostics = DiagnosticsSettings(diagnostics: try section.value("diagnostics", default: false),
                                              tensorBoard: try section.value("tensorboard", default: false),
                                              sanityChecks: try section.value("sanity_checks", default: false))
            try section.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()
        _ = try callbackSpecs()
    }

    private static func readData(_ section: ConfigObject) throws -> DataSection {
        var data = DataSection()
        data.dataset = try section.optional("dataset")
        data.samples = try section.value("samples", default: data.samples)
        data.csv = try section.optional("csv")
        data.label = try section.optional("label")
        data.images = try section.optional("images")
        data.labels = try section.optional("labels")
        data.channelsFirst = try section.value("channels_first", default: false)
        data.scaling = try section.value("scaling", default: data.scaling)
        if let split = try section.object("split") {
            data.train = try split.value("train", default: data.train)
            data.validation = try split.value("validation", default: data.validation)
            try split.check(data.train > 0 && data.validation >= 0 && data.train + data.validation <= 1, "train", "fractions with train > 0 and train + validation ≤ 1")
            try split.rejectUnknownKeys()
        }
        let sources = [data.dataset, data.csv, data.images].compactMap { $0 }
        guard sources.count == 1 else { throw section.error(nil, "give exactly one of dataset (built-in), csv (with label) or images (with labels)") }
        if let name = data.dataset { try section.check(SyntheticData.names.contains(name), "dataset", "one of \(SyntheticData.names.joined(separator: ", "))") }
        if data.csv != nil && data.label == nil { throw section.error(nil, "csv needs label: the name of the label column") }
        if data.images != nil && data.labels == nil { throw section.error(nil, "images needs labels: the label file") }
        try section.check(data.samples >= 2, "samples", "an integer ≥ 2")
        try section.check(["auto", "none", "standardization", "min-max", "image"].contains(data.scaling), "scaling", "auto, none, standardization, min-max or image")
        try section.rejectUnknownKeys()
        return data
    }

    private mutating func readOptimizer(_ section: ConfigObject) throws {
        optimizerNode = section.node
        let name = try section.value("type", default: "adam")
        try section.check(OptimizerSpec.names.contains(name), "type", "one of \(OptimizerSpec.names.joined(separator: ", "))")
        var settings: [String: String] = [:]
        guard case .object(let pairs) = section.node.value else { return }
        for (index, node) in try section.array("groups")?.enumerated() ?? [].enumerated() {
            parameterGroups.append(try ParameterGroupSpec(ConfigObject(node, file: file, path: "optimizer.groups[\(index)]"), index: index))
        }
        for (key, value) in pairs where key != "type" && key != "groups" {
            let flag = ["learning_rate": "lr", "epsilon": "eps"][key] ?? key.replacingOccurrences(of: "_", with: "-")
            guard OptimizerSpec.takes(name, flag) else {
                let keys = (OptimizerSpec.keys[name]! + OptimizerSpec.commonKeys.dropFirst()).map { $0 == "eps" ? "epsilon" : $0.replacingOccurrences(of: "-", with: "_") }
                throw section.error(key, "unknown key; \(name) takes learning_rate, \(keys.joined(separator: ", ")), groups")
            }
            _ = section.node(key)
            switch value.value {
            case .bool(let isOn): settings[flag] = isOn ? "true" : "false"
            case .int(let number): settings[flag] = String(number)
            case .double(let number): settings[flag] = ConfigNode.format(number)
            case .string(let text): settings[flag] = text
            default: throw section.error(key, "expected a number, a boolean or a name, got \(value.kindName)")
            }
        }
        settings["lr"] = settings["lr"] ?? "0.001"
        optimizer = (name, settings)
        try section.rejectUnknownKeys()
        do { _ = try OptimizerSpec("\(name)", flags: settings).makeOptimizer([]) } catch let failure as CommandFailure {
            throw section.error(nil, failure.description)
        }
    }

    private static func readCheckpoint(_ section: ConfigObject) throws -> CheckpointSection {
        var result = CheckpointSection()
        result.period = try section.value("period", default: result.period)
        try section.check(result.period >= 1, "period", "an integer ≥ 1")
        result.keep = try section.optional("keep")
        if section.node("keep") == nil && !section.contains("keep") { result.keep = 2 }
        try section.check((result.keep ?? 1) >= 1, "keep", "an integer ≥ 1, or null to keep all")
        result.saveBestOnly = try section.value("save_best_only", default: false)
        result.monitor = try section.value("monitor", default: result.monitor)
        result.everyBatches = try section.optional("every_batches")
        try section.check((result.everyBatches ?? 1) >= 1, "every_batches", "an integer ≥ 1, or null for epoch ends only")
        try section.rejectUnknownKeys()
        return result
    }
}
