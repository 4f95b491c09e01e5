import Foundation

/// The data and the model an `Experiment` describes, built from its seed: the data and its
/// split from `seed` (or `data.seed` when given), the weights from `seed + 1`, the noise of dropout-like layers from
/// `seed + 101`, the shuffling from `seed + 2` (`seed + 3` while fine-tuning) and the input
/// noise from `seed + 3`. `descent check` and `descent lr-find` use it without training.
public struct ExperimentSetup {
    public let config: Experiment
    /// The splits, scaled by the preprocessing fitted on the training split.
    public let parts: (train: Dataset, validation: Dataset, test: Dataset)
    public let preprocessing: Preprocessing?
    public let model: GraphModel
    /// The base model of a transfer, cut below its head (nil without `base:`); `model` is it
    /// with the config's layers on top.
    public let body: GraphModel?
    /// Names by node index (see `SavedModel.layerNames`).
    public let layerNames: [String?]
    /// The shape of one input sample.
    public let inputShape: [Int]
    public let isClassification: Bool
    public let lossName: String
    /// The loss of `lossName` with the experiment's options.
    public let loss: any Loss
    public let metrics: [Metric]
    /// The index of the last frozen layer, when the body is frozen.
    public let frozenThrough: Int?

    public init(_ config: Experiment) throws {
        self.config = config
        let impliedTask = LossRegistry.targetKind(of: config.loss).map { $0 == .numbers ? "regression" : $0 == .distributions ? "auto" : "classification" }
        let dataSeed = config.data.seed ?? config.seed
        let data = try config.data.load(seed: dataSeed, impliedTask: impliedTask, file: config.file)
        try Self.checkFinite(data, config)
        var parts = try config.data.split(data, seed: dataSeed)
        for part in [parts.validation, parts.test] where part.count > 0 { try Self.checkFinite(part, config) }
        try Self.checkSplit(parts, of: data, config)
        if let fitted = try Self.preprocessing(config, train: parts.train) {
            parts = (fitted.apply(to: parts.train), fitted.apply(to: parts.validation), fitted.apply(to: parts.test))
            preprocessing = fitted
        } else {
            preprocessing = nil
        }
        self.parts = parts
        inputShape = data.sampleShape
        let classification = data.classCount != nil
        isClassification = classification
        let outputs = data.classCount ?? data.targets.shape.last ?? 1
        lossName = config.loss != "auto" ? config.loss : classification ? (outputs == 1 ? "binary_cross_entropy" : "softmax_cross_entropy") : "mean_squared_error"
        let targetKind = LossRegistry.targetKind(of: lossName)!
        try Self.checkLoss(lossName, targetKind, classCount: data.classCount, config)
        loss = try LossRegistry.make(name: lossName, options: config.lossOptions)
        metrics = config.metrics.flatMap { $0 == "auto" ? [classification ? Metric.accuracy : .meanAbsoluteError] : [Metric(rawValue: $0)!] }
        let generators = LayerGenerators(seed: config.seed &+ 1)
        var baseNames: [String?] = []
        if let base = config.base {
            let saved = try SavedModel.load(from: URL(fileURLWithPath: base.model))
            guard saved.inputShape == inputShape else {
                throw DescentError.config(file: config.file, keyPath: "base.model", line: nil, problem: "the base model takes samples of shape \(saved.inputShape), the data has \(inputShape)")
            }
            let nodeCount = saved.model.nodes.count
            guard base.dropLast < nodeCount else {
                throw DescentError.config(file: config.file, keyPath: "base.drop_last", line: nil, problem: "cannot drop \(base.dropLast) of the base's \(nodeCount) layers")
            }
            if let reference = base.cutAt {
                let index = try Self.layerIndex(reference, names: saved.layerNames, count: nodeCount, file: config.file, key: "base.cut_at")
                try saved.model.cut(at: saved.model.nodes[index].name)
            } else {
                try saved.model.removeLast(base.dropLast)
            }
            baseNames = Array((saved.layerNames + Array(repeating: nil, count: nodeCount)).prefix(saved.model.nodes.count))
            body = saved.model
        } else {
            body = nil
        }
        let head = ModelSpec(inputShape: inputShape, layers: config.model)
        let assembled = try head.build(generators: generators, file: config.file, onto: body)
        let allNames = head.layerNames(of: assembled, baseNames: baseNames)
        model = assembled
        layerNames = allNames
        if let reference = config.base?.freezeUntil {
            let index = try Self.layerIndex(reference, names: allNames, count: assembled.nodes.count, file: config.file, key: "base.freeze_until")
            assembled.freeze(through: index)
            frozenThrough = index
        } else {
            frozenThrough = nil
        }
        _ = try config.makeAugmentation(sampleShape: inputShape)   // image transformations need images
        let outputShape = try model.outputShape(forInput: inputShape)
        let expected = [targetKind.outputsPerSample(classCount: data.classCount, targetWidth: data.targets.shape.last ?? 1)]
        guard outputShape == expected else {
            throw DescentError.config(file: config.file, keyPath: "model", line: config.model.last?.line,
                                      problem: "the model's output shape is \(outputShape) but the data needs \(expected) (\(isClassification ? "one logit per class" : "one value per target")); change the last layer's units")
        }
    }

    /// Throws naming the first sample whose features or target are NaN or infinite: they would
    /// make every weight NaN, or pass for a class.
    static func checkFinite(_ data: Dataset, _ config: Experiment) throws {
        for (tensor, what) in [(data.features, "features"), (data.targets, "targets")] {
            let scalars = tensor.scalars
            guard let index = scalars.firstIndex(where: { !$0.isFinite }) else { continue }
            let perSample = Swift.max(scalars.count / Swift.max(data.count, 1), 1)
            throw DescentError.config(file: config.file, keyPath: "data", line: nil,
                                      problem: "sample \(index / perSample + 1) has \(scalars[index]) among its \(what) (value \(index % perSample + 1) of \(perSample)); remove or fill the missing values first")
        }
    }

    /// Throws for a monitored key that no epoch report will have (a metric not computed, a
    /// validation key without validation data), which would silently never trigger.
    func checkMonitors(_ callbacks: [any Callback]) throws {
        let measured: [MetricKey] = [.loss] + metrics.map(\.key)
        let keys = measured + (parts.validation.count > 0 ? measured.map(\.validation) : []) + [.learningRate, "penalty"]
        func check(_ monitor: MetricKey, _ keyPath: String) throws {
            guard !keys.contains(monitor) else { return }
            throw DescentError.config(file: config.file, keyPath: keyPath, line: nil,
                                      problem: "'\(monitor)' is not a column of this run's history; choose \(keys.map(\.rawValue).joined(separator: ", "))")
        }
        if config.checkpoint.saveBestOnly { try check(MetricKey(rawValue: config.checkpoint.monitor), "checkpoint.monitor") }
        for (index, callback) in callbacks.enumerated() {
            if let stopper = callback as? EarlyStopping { try check(stopper.monitor, "callbacks[\(index)].monitor") }
            if let plateau = callback as? ReduceLROnPlateau { try check(plateau.monitor, "callbacks[\(index)].monitor") }
        }
    }

    /// Throws when a split with a share of the training file came out empty (too few samples for it).
    static func checkSplit(_ parts: (train: Dataset, validation: Dataset, test: Dataset), of data: Dataset, _ config: Experiment) throws {
        let shares = config.data.shares
        let counts = [("training", parts.train.count, shares.train), ("validation", parts.validation.count, shares.validation), ("test", parts.test.count, shares.test)]
        guard let (name, _, share) = counts.first(where: { $0.1 == 0 && $0.2 > 1e-9 }) else { return }
        throw DescentError.config(file: config.file, keyPath: "data.split", line: nil,
                                  problem: "leaves the \(name) split empty: \(data.count) sample\(data.count == 1 ? "" : "s") split \(config.data.train)/\(config.data.validation) give it none; give at least \(Int((1 / share).rounded(.up)) * (data.classCount ?? 1)) samples or change the split")
    }

    /// Throws when the loss cannot take the data's targets: class labels or numbers.
    static func checkLoss(_ lossName: String, _ kind: LossTargetKind, classCount: Int?, _ config: Experiment) throws {
        guard !kind.accepts(classCount: classCount) else { return }
        let data = classCount.map { "the data has \($0) classes" } ?? "the targets are numbers"
        let needs: String
        switch kind {
        case .classIndices: needs = "class labels"
        case .binaryLabels: needs = "two classes"
        case .numbers: needs = "numeric targets"
        case .distributions: needs = "probability targets"
        }
        let instead = classCount == nil ? "mean_squared_error" : classCount == 2 ? "binary_cross_entropy or softmax_cross_entropy" : "softmax_cross_entropy"
        throw DescentError.config(file: config.file, keyPath: "loss", line: nil, problem: "\(lossName) needs \(needs), but \(data); use \(instead) (or auto)")
    }

    /// The index of the layer `reference` (a name or an index) names among `count` layers.
    static func layerIndex(_ reference: ConfigNode, names: [String?], count: Int, file: String, key: String) throws -> Int {
        let spec = ModelSpec(inputShape: [], layers: (0..<count).map { index in
            .object(index < names.count && names[index] != nil ? [("name", names[index]!.configNode)] : [])
        })
        return try spec.layerIndex(reference, file: file, key: key)
    }

    /// The s of image scaling: 255 for `scaling: image`; for `auto`, the smallest of the usual
    /// pixel ranges (1, 16, 255, 65535) that holds the training images' largest value, so that
    /// 4-bit digits are divided by 16, not by 255.
    static func imageMaximum(_ data: Experiment.DataSection, _ train: Dataset) -> Float {
        guard data.scaling == "auto" else { return 255 }
        let largest = train.features.scalars.max() ?? 255
        return [1, 16, 255, 65535].first { $0 >= largest } ?? largest
    }

    /// The scaling of `data.scaling` fitted on `train`, nil for none; `imagenet` is the fixed
    /// `Preprocessing.imageNet` of torchvision's weights, for RGB images of 0–255 pixels.
    static func preprocessing(_ config: Experiment, train: Dataset) throws -> Preprocessing? {
        if config.data.scaling == "imagenet" {
            guard train.sampleShape.count == 3 && train.sampleShape[2] == 3 else {
                throw DescentError.config(file: config.file, keyPath: "data.scaling", line: nil,
                                          problem: "imagenet needs RGB images [H, W, 3] of 0–255 pixels, the data has samples of shape \(train.sampleShape)")
            }
            var fixed = Preprocessing.imageNet
            fixed.classNames = train.classNames
            return fixed
        }
        let method = scaling(config.data)
        guard method != .none else { return nil }
        return Preprocessing.fit(method, to: train, imageMaximum: imageMaximum(config.data, train))
    }

    /// `auto`: standardization for CSV, 1/s for images (see `imageMaximum`), none for the built-in datasets.
    static func scaling(_ data: Experiment.DataSection) -> Preprocessing.Method {
        switch data.scaling {
        case "none": return .none
        case "standardization": return .standardization
        case "min-max": return .minMax
        case "image": return .imageScaling
        default: return data.csv != nil ? .standardization : data.images != nil ? .imageScaling : .none
        }
    }

    /// The optimizer of `phase` over every parameter (frozen ones are skipped by the optimizer),
    /// with the config's parameter groups; phase 1 (fine-tuning) uses `fine_tune.learning_rate`.
    public func makeOptimizer(phase: Int) throws -> any OptimizerProtocol {
        var optimizer = config.optimizer
        if phase == 1, let fineTune = config.fineTune { optimizer.learningRate = fineTune.learningRate }
        return try optimizer.makeOptimizer(model.parameters, layerNames: layerNames)
    }

    /// The trainer of `phase`: the model, loss, metrics, the phase's optimizer and the input noise.
    public func makeTrainer(phase: Int) throws -> Trainer {
        let trainer = Trainer(model: model, loss: loss, optimizer: try makeOptimizer(phase: phase), metrics: metrics)
        trainer.augmentation = try config.makeAugmentation(sampleShape: inputShape)
        return trainer
    }

    /// The model with its metadata, ready to save.
    public func savedModel() throws -> SavedModel {
        let preprocessingNode = try preprocessing.map { try ConfigNode.parse(String(decoding: try JSONEncoder().encode($0), as: UTF8.self), file: "preprocessing") }
        var saved = SavedModel(model: model, layerNames: layerNames, classNames: parts.train.classNames,
                               lossName: lossName, metricNames: metrics.map(\.rawValue), preprocessing: preprocessingNode)
        (saved.featureNames, saved.labelName, saved.lossOptions) = (parts.train.featureNames, config.data.label, config.lossOptions)
        return saved
    }
}
