import Foundation

/// Everything one training run is: data, model, loss, metrics, optimizer, schedule, callbacks,
/// checkpointing, augmentation, fine-tuning, diagnostics, epochs, batch size, seed and output
/// folder. Read from an experiment file (`descent train experiment.yaml`) key by key, with
/// every section's defaults filled in, or built from `descent train`'s flags; `ExperimentRun`
/// trains it. `resolvedNode` is what `--print-config` writes and what the run folder keeps as
/// `experiment.yaml`; reading it back gives the same experiment.
///
/// ```swift
/// let experiment = try Experiment(contentsOf: URL(fileURLWithPath: "examples/regularized-moons.yaml"))
/// let result = try ExperimentRun(experiment).run()
/// ```
///
/// Top-level keys: `data`, `base`, `model`, `loss`, `metrics`, `optimizer`, `schedule`,
/// `callbacks`, `checkpoint`, `augmentation`, `fine_tune`, `diagnostics`, `distributed`, `epochs`,
/// `batch_size`, `seed`, `output`. The `diagnostics` section matches `descent train`'s flags
/// (each false by default; the flags, given with a config file, turn them on too):
///
///     diagnostics:
///       diagnostics: true      # --diagnostics: per-layer norms, update ratios, warnings, NaN stop
///       tensorboard: true      # --tensorboard: an event file in the run folder
///       sanity_checks: true    # --sanity-checks: the checks of `descent check` first
///
/// `diagnostics: true` is short for the first key alone. `optimizer` is an `OptimizerConfig`,
/// `schedule` a `ScheduleConfig`, `callbacks` entries of `CallbackRegistry`. Every run folder
/// gets `report.html` and `learning-curves.svg`.
public struct Experiment {
    public struct DataSection {
        public var dataset: String?
        public var samples = 1500
        public var csv: String?
        public var label: String?
        public var images: String?
        public var labels: String?
        public var channelsFirst = false
        public var scaling = "auto"
        /// auto (from the labels and the loss), classification or regression.
        public var task = "auto"
        /// The share of the training file that trains (the rest is held out for the parts not
        /// given as files).
        public var train = 0.7
        /// The share of the training file held out for validation, when no validation file is given.
        public var validation = 0.15
        /// A validation CSV (with `csv`): replaces the validation split.
        public var validationCSV: String?
        /// A test CSV (with `csv`): replaces the test split.
        public var testCSV: String?
        /// Validation images and labels (with `images`).
        public var validationImages: String?
        public var validationLabels: String?
        /// Test images and labels (with `images`).
        public var testImages: String?
        public var testLabels: String?
        /// The seed of the data and its split (`data.seed`); nil takes the experiment's seed.
        /// A study that reruns one setting with several seeds fixes it, so that every seed
        /// trains and tests on the same samples.
        public var seed: UInt64?

        public init() {}
    }

    /// `base:` a saved model to transfer from: cut below its head (`drop_last` nodes, or
    /// `cut_at` a named node, which becomes the output), frozen through `freeze_until`.
    public struct BaseSection {
        public var model: String
        public var dropLast = 0
        public var cutAt: ConfigNode?
        public var freezeUntil: ConfigNode?
    }

    public struct FineTuneSection {
        public var unfreezeFrom: ConfigNode
        public var epochs: Int
        public var learningRate: Float
    }

    public struct CheckpointSection {
        public var period = 1
        public var keep: Int? = 2
        public var saveBestOnly = false
        public var monitor = "val_loss"
        /// Also checkpoint after every N-th batch inside an epoch; nil for epoch ends only.
        public var everyBatches: Int?
    }

    /// The file the experiment came from, for messages (`ConfigNode.commandLine` for flags).
    public var file: String
    public var data = DataSection()
    public var base: BaseSection?
    /// The layers of the model (or of the head on `base`), as `ModelSpec` entries.
    public var model: [ConfigNode] = []
    /// auto or a `LossRegistry` name; written `loss: huber` or `loss: {type: huber, delta: 0.5}`.
    public var loss = "auto"
    /// `delta`, `label_smoothing`, `class_weights` of the loss.
    public var lossOptions = LossOptions()
    /// auto or `Metric` names (accuracy, mae, top_5_accuracy, …).
    public var metrics: [String] = ["auto"]
    public var optimizer = OptimizerConfig(rule: Adam(), learningRate: 0.001)
    public var schedule: ScheduleConfig?
    /// `CallbackRegistry` entries; built afresh for every phase.
    public var callbacks: [ConfigNode] = []
    public var checkpoint = CheckpointSection()
    /// σ of the Gaussian noise added to training inputs (`augmentation.input_noise`).
    public var inputNoise: Float = 0
    /// The image transformations of the `augmentation` section (flip, crop, translation,
    /// rotation, cutout); see `Experiment+Augmentation.swift`.
    public var imageAugmentation = ImageAugmentation.Settings()
    public var fineTune: FineTuneSection?
    /// The `diagnostics` section: per-layer diagnostics, TensorBoard, sanity checks.
    public var diagnostics = DiagnosticsSettings()
    /// The `distributed` section: data-parallel options (`DistributedSettings`).
    public var distributed = DistributedSettings()
    public var epochs = 100
    public var batchSize = 32
    public var seed: UInt64 = 0
    public var output: String

    static let topLevelKeys = ["data", "base", "model", "loss", "metrics", "optimizer", "schedule", "callbacks", "checkpoint",
                               "augmentation", "fine_tune", "diagnostics", "distributed", "epochs", "batch_size", "seed", "output"]

    /// Reads and checks an experiment file (YAML or JSON).
    public init(contentsOf url: URL) throws {
        try self.init(node: try ConfigNode.read(contentsOf: url), file: url.path)
    }

    /// Reads and checks an experiment; `file` names its source in messages.
    public init(node: ConfigNode, file: String) throws {
        self.file = file
        let root = try ConfigObject(node, file: file)
        epochs = try root.value("epochs", default: epochs)
        try root.check(epochs >= 1, "epochs", "an integer ≥ 1")
        batchSize = try root.value("batch_size", default: batchSize)
        try root.check(batchSize >= 1, "batch_size", "an integer ≥ 1")
        seed = try root.value("seed", default: seed)
        guard let dataSection = try root.object("data") else {
            throw root.error(nil, "missing key 'data': the data to train on, e.g. data: {dataset: spirals} or data: {csv: iris.csv, label: species}")
        }
        data = try DataSection(dataSection)
        output = try root.value("output", default: "runs/\(data.dataset ?? "experiment")")
        try root.check(!output.trimmingCharacters(in: .whitespaces).isEmpty, "output", "a folder path")
        if let section = try root.object("base") {
            base = BaseSection(model: try section.required("model"), dropLast: try section.value("drop_last", default: 0),
                               cutAt: section.node("cut_at"), freezeUntil: section.node("freeze_until"))
            try section.check(base!.dropLast >= 0, "drop_last", "an integer ≥ 0")
            if base!.cutAt != nil && base!.dropLast > 0 { throw section.error("cut_at", "give either cut_at or drop_last, not both") }
            try section.rejectUnknownKeys()
        }
        model = try root.array("model") ?? []
        if model.isEmpty && base == nil { throw root.error(nil, "missing key 'model' (a list of layers, e.g. - {type: dense, units: 3})") }
        (loss, lossOptions) = try Self.readLoss(root)
        metrics = try root.value("metrics", default: metrics)
        let metricNames = ["auto"] + Metric.allCases.map(\.rawValue)
        try root.check(metrics.allSatisfy(metricNames.contains), "metrics", "a list of \(metricNames.joined(separator: ", "))")
        if let section = try root.object("optimizer") { optimizer = try OptimizerConfig(section) }
        if let section = try root.object("schedule") { schedule = try ScheduleConfig(section) }
        callbacks = try root.array("callbacks") ?? []
        if let section = try root.object("checkpoint") { checkpoint = try Self.readCheckpoint(section) }
        if let section = try root.object("augmentation") { try readAugmentation(section) }
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
        if let section = try root.object("distributed") { distributed = try DistributedSettings(section) }
        try root.rejectUnknownKeys()
        _ = try makeCallbacks()
        try schedule?.validate(learningRate: optimizer.learningRate, horizon: epochs)
    }

    /// `loss: NAME` or `loss: {type: NAME, delta: …, label_smoothing: …, class_weights: […]}`.
    private static func readLoss(_ root: ConfigObject) throws -> (String, LossOptions) {
        var name = "auto", options = LossOptions()
        if let section = try? root.object("loss") {
            name = try section.required("type")
            options = LossOptions(delta: try section.number("delta", .positive), labelSmoothing: try section.number("label_smoothing", .fraction),
                                  classWeights: try section.optional("class_weights"))
            try section.rejectUnknownKeys()
        } else {
            name = try root.value("loss", default: name)
        }
        let names = ["auto"] + LossRegistry.names
        guard names.contains(name) else { throw root.error("loss", "unknown loss '\(name)'; choose \(names.joined(separator: ", "))") }
        if name != "auto" || options != LossOptions() {
            do { _ = try LossRegistry.make(name: name == "auto" ? "softmax_cross_entropy" : name, options: options) } catch let error as DescentError {
                throw root.error("loss", "\(error)")
            }
        }
        return (name, options)
    }

    /// The `loss:` entry that reads back as this loss, `auto` resolved to `name`.
    func resolvedLoss(_ name: String) -> ConfigNode {
        guard lossOptions != LossOptions() else { return name.configNode }
        var pairs: [(String, ConfigNode)] = [("type", name.configNode)]
        if let delta = lossOptions.delta { pairs.append(("delta", delta.configNode)) }
        if let smoothing = lossOptions.labelSmoothing { pairs.append(("label_smoothing", smoothing.configNode)) }
        if let weights = lossOptions.classWeights { pairs.append(("class_weights", weights.configNode)) }
        return .object(pairs)
    }

    /// The callbacks of the `callbacks:` entries, built afresh.
    public func makeCallbacks() throws -> [any ConfigurableCallback] {
        try callbacks.enumerated().map { index, node in try CallbackRegistry.make(ConfigObject(node, file: file, path: "callbacks[\(index)]")) }
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

extension Experiment.DataSection {
    /// Reads and checks the `data:` section.
    public init(_ section: ConfigObject) throws {
        var data = Experiment.DataSection()
        data.dataset = try section.optional("dataset")
        data.samples = try section.value("samples", default: data.samples)
        data.csv = try section.optional("csv")
        data.label = try section.optional("label")
        data.images = try section.optional("images")
        data.labels = try section.optional("labels")
        data.channelsFirst = try section.value("channels_first", default: false)
        data.task = try section.choice("task", default: "auto", from: ["auto", "classification", "regression"])
        data.scaling = try section.value("scaling", default: data.scaling)
        data.seed = try section.optional("seed")
        let sources = [data.dataset, data.csv, data.images].compactMap { $0 }
        guard sources.count == 1 else { throw section.error(nil, "give exactly one of dataset (built-in), csv (with label) or images (with labels)") }
        try data.readSplitFiles(section)
        if let split = try section.object("split") { try data.readSplit(split) }
        if let name = data.dataset { try section.check(SyntheticData.names.contains(name), "dataset", "one of \(SyntheticData.names.joined(separator: ", "))") }
        if data.csv != nil && data.label == nil { throw section.error(nil, "csv needs label: the name of the label column") }
        if data.images != nil && data.labels == nil { throw section.error(nil, "images needs labels: the label file") }
        try section.check(data.samples >= 2 && data.samples <= 10_000_000, "samples", "an integer in [2, 10000000]")
        try section.check(["auto", "none", "standardization", "min-max", "image", "imagenet"].contains(data.scaling), "scaling",
                          "auto, none, standardization, min-max, image or imagenet")
        try section.rejectUnknownKeys()
        self = data
    }

    /// The dataset, unscaled: built in from `seed`, or read from the files. A CSV's labels are
    /// classes or numbers as `task` says (`impliedTask` when auto: a loss that needs numbers
    /// makes them numbers); integer labels with many distinct values are not taken for
    /// classes without being told (`task: classification`).
    public func load(seed: UInt64, impliedTask: String? = nil, file: String = ConfigNode.commandLine) throws -> Dataset {
        let task = self.task == "auto" ? impliedTask ?? "auto" : self.task
        let data: Dataset
        if let name = dataset {
            data = try SyntheticData.make(name, samples: samples, seed: seed)
        } else if let csv, let label {
            let kind: LabelKind = task == "classification" ? .categorical : task == "regression" ? .numeric : .automatic
            data = try Dataset.csv(csv, label: label, labelKind: kind)
            if task == "auto", let classes = data.classCount, classes > 20, classes * 4 > data.count {
                throw DescentError.config(file: file, keyPath: "data.task", line: nil,
                                          problem: "must be given: the label column '\(label)' has \(classes) distinct integer values in \(data.count) rows (a regression target?); say regression, or classification to keep them as classes")
            }
        } else {
            data = try Dataset.images(images ?? "", labels: labels ?? "", layout: channelsFirst ? .channelsFirst : .channelsLast)
        }
        let isClassification = data.classCount != nil
        if task != "auto" && (task == "classification") != isClassification {
            throw DescentError.config(file: file, keyPath: "data.task", line: nil,
                                      problem: "is \(task), but \(dataset.map { "the built-in \($0) set" } ?? images != nil ? "image files" : "this data") \(isClassification ? "has class labels" : "has numeric targets")")
        }
        return data
    }
}
