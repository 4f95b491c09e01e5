import Foundation

/// Transfer learning measured: a small labelled image set learned three ways by MobileNetV2,
/// for each training-set size (`perClass` images of each of the 10 classes):
///
///     scratch     the same network from a random initialization (torchvision's), every layer trained
///     frozen      the pretrained body (the checkpoint's weights) cut at `avgpool`, frozen, and a new
///                 Dense head (1280 → 10) trained on top
///     fine-tune   the frozen run, then `fineTuneEpochs` more epochs with the blocks from
///                 `unfreezeFrom` on unfrozen, at learning rate η/10 (a fresh optimizer)
///
/// Every run is an `ExperimentRun` of `base: {model, cut_at: avgpool, freeze_until: avgpool}`
/// (no `freeze_until` from scratch) and, for fine-tuning, `fine_tune: {unfreeze_from, epochs,
/// learning_rate: η/10}`. All train with Adam at η for `epochs` epochs in batches of
/// `batchSize`, and are scored after every epoch on one fixed validation set
/// (`validationPerClass` images per class). The images are `TransferStudy.images`: synthetic
/// 28×28 digits resized to 64×64, three equal channels of 0–255 pixels, normalized with
/// ImageNet's mean and standard deviation (`scaling: imagenet`). `TransferCurve` defines the
/// start, slope and final accuracy the table compares.
///
/// The base network's classes and width multiplier are read from the checkpoint
/// (`TransferBase`), so torchvision's `mobilenet_v2-b0353104.pth` (1000 classes, α = 1) and a
/// reduced-width network both serve.
///
///     let study = try TransferStudy(weights: URL(fileURLWithPath: "mobilenet_v2-b0353104.pth"), perClass: [20], epochs: 5)
///     let results = try study.run(output: URL(fileURLWithPath: "runs/transfer"))
///     print(results.table)
public struct TransferStudy {
    /// The three runs of each training-set size, in the order they are trained.
    public enum Run: String, CaseIterable, Sendable {
        case scratch, frozen, fineTune = "fine-tune"
    }

    /// The base network's checkpoint, a torchvision MobileNetV2 `state_dict` (`.pth`, or safetensors).
    public var weights: URL
    /// Training images per class; each size is its own set of three runs. The smaller sets are
    /// the first images of the larger ones.
    public var perClass: [Int]
    /// Validation images per class, the same set for every run.
    public var validationPerClass: Int
    /// Epochs of every run (the frozen phase of the fine-tune run).
    public var epochs: Int
    /// Epochs of the fine-tune run's second phase.
    public var fineTuneEpochs: Int
    /// η of Adam; fine-tuning uses η/10.
    public var learningRate: Float
    public var batchSize: Int
    /// The first block fine-tuning trains again, `features.0` … `features.18`.
    public var unfreezeFrom: String
    /// Seed of the images (`seed`, validation `seed + 1`), the scratch initialization, the head
    /// and the shuffling (see `ExperimentSetup`).
    public var seed: UInt64

    /// The digits are resized to `imageSize`×`imageSize` pixels.
    public static let imageSize = 64
    /// The node the base is cut at: the global average pool below torchvision's classifier.
    public static let cutAt = "avgpool"
    /// The classes of the digits.
    public static let classes = 10
    /// The name of the study's description in its folder (what `--overwrite` recognizes).
    public static let descriptionFile = "transfer.yaml"

    /// Throws `DescentError.invalidArgument` for a training size or validation size below 1, a
    /// repeated training size, fewer than 1 epoch, a learning rate that is not positive and
    /// finite, a batch below 1 or an `unfreezeFrom` other than `features.0` … `features.18`;
    /// `DescentError.file` when `weights` is no file.
    public init(weights: URL, perClass: [Int] = [20, 50, 200], validationPerClass: Int = 50, epochs: Int = 10, fineTuneEpochs: Int = 5,
                learningRate: Float = 1e-3, batchSize: Int = 32, unfreezeFrom: String = "features.14", seed: UInt64 = 0) throws {
        let block = unfreezeFrom.hasPrefix("features.") ? Int(unfreezeFrom.dropFirst("features.".count)) : nil
        let checks: [(String, String, Bool, String)] = [
            ("per class", perClass.map(String.init).joined(separator: ","), !perClass.isEmpty && perClass.allSatisfy { $0 >= 1 } && Set(perClass).count == perClass.count,
             "training images per class, each ≥ 1 and given once, e.g. 20,50,200"),
            ("validation per class", "\(validationPerClass)", validationPerClass >= 1, "an integer ≥ 1"),
            ("epochs", "\(epochs)", epochs >= 1, "an integer ≥ 1"), ("fine-tune epochs", "\(fineTuneEpochs)", fineTuneEpochs >= 1, "an integer ≥ 1"),
            ("learning rate", "\(learningRate)", learningRate > 0 && learningRate.isFinite, "a positive number"),
            ("batch size", "\(batchSize)", batchSize >= 1, "an integer ≥ 1"),
            ("unfreeze from", unfreezeFrom, block.map { (0...18).contains($0) } ?? false, "a block of MobileNetV2, features.0 … features.18"),
        ]
        if let failed = checks.first(where: { !$0.2 }) { throw DescentError.invalidArgument(name: failed.0, value: failed.1, expected: failed.3) }
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw DescentError.file(path: weights.path, problem: "no such file; give torchvision's MobileNetV2 weights (mobilenet_v2-b0353104.pth)")
        }
        (self.weights, self.perClass, self.validationPerClass, self.epochs, self.fineTuneEpochs) = (weights, perClass, validationPerClass, epochs, fineTuneEpochs)
        (self.learningRate, self.batchSize, self.unfreezeFrom, self.seed) = (learningRate, batchSize, unfreezeFrom, seed)
    }

    /// η/10, the learning rate of the fine-tuning phase.
    public var fineTuneLearningRate: Float { learningRate / 10 }

    /// Reads the base from `weights`, then writes into `output` (new, empty, or with
    /// `isOverwriting` a folder of an earlier transfer study) the study's data, bases and runs:
    ///
    ///     transfer.yaml                     the settings
    ///     data/                             train-<k>-images.npy, train-<k>-labels.npy, validation-….npy
    ///     base/pretrained, base/scratch     the saved bases (1000-class head included)
    ///     <k>-per-class/<run>/              each run folder, without its checkpoints
    ///     transfer.csv, transfer.svg, report.html
    ///
    /// Bad weights throw before anything is written. `progress` gets one line per finished run.
    public func run(output: URL, isOverwriting: Bool = false, progress: (String) -> Void = { _ in }) throws -> TransferResults {
        let base = try TransferBase(weights: weights, inputShape: [Self.imageSize, Self.imageSize, 3], seed: seed)
        try prepareFolder(output, isOverwriting: isOverwriting)
        try AtomicFile.write(description(base).yamlText, to: output.appendingPathComponent(Self.descriptionFile))
        try writeData(to: output.appendingPathComponent("data"))
        try base.save(to: output.appendingPathComponent("base"))
        var curves: [TransferCurve] = []
        for size in perClass {
            for run in Run.allCases {
                let started = Date()
                let folder = output.appendingPathComponent("\(size)-per-class").appendingPathComponent(run.rawValue)
                var training = ExperimentRun(try experiment(run, perClass: size, study: output, base: base))
                training.verbosity = .silent
                let result = try training.run()
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("checkpoints"))
                let curve = TransferCurve(perClass: size, run: run, history: ExperimentRun.joined(result.histories),
                                          fineTuneStart: run == .fineTune ? epochs : nil)
                curves.append(curve)
                progress(curve.summaryLine + String(format: "  (%.0f s)", Date().timeIntervalSince(started)))
            }
        }
        let results = TransferResults(study: self, base: base, curves: curves)
        try results.write(to: output)
        return results
    }

    /// The experiment of one run on `perClass` training images per class, in the study folder
    /// `study` whose data and bases `run(output:)` writes.
    public func experiment(_ run: Run, perClass size: Int, study: URL, base: TransferBase) throws -> Experiment {
        let data = study.appendingPathComponent("data")
        let bases = study.appendingPathComponent("base")
        var baseSection: [(String, ConfigNode)] = [
            ("model", bases.appendingPathComponent(run == .scratch ? "scratch" : "pretrained").path.configNode), ("cut_at", Self.cutAt.configNode),
        ]
        if run != .scratch { baseSection.append(("freeze_until", Self.cutAt.configNode)) }
        var pairs: [(String, ConfigNode)] = [
            ("data", .object([
                ("images", data.appendingPathComponent("train-\(size)-images.npy").path.configNode),
                ("labels", data.appendingPathComponent("train-\(size)-labels.npy").path.configNode),
                ("validation_images", data.appendingPathComponent("validation-images.npy").path.configNode),
                ("validation_labels", data.appendingPathComponent("validation-labels.npy").path.configNode),
                ("scaling", "imagenet".configNode), ("split", .object([("train", 1.configNode)])),
            ])),
            ("base", .object(baseSection)),
            ("model", ConfigNode(.array([.object([("type", "dense".configNode), ("units", Self.classes.configNode), ("name", "head".configNode)])]))),
            ("optimizer", .object([("type", "adam".configNode), ("learning_rate", learningRate.configNode)])),
            ("checkpoint", .object([("period", Swift.max(epochs, fineTuneEpochs).configNode), ("keep", 1.configNode)])),
            ("epochs", epochs.configNode), ("batch_size", batchSize.configNode), ("seed", seed.configNode),
            ("output", study.appendingPathComponent("\(size)-per-class").appendingPathComponent(run.rawValue).path.configNode),
        ]
        if run == .fineTune {
            pairs.append(("fine_tune", .object([("unfreeze_from", try base.firstNode(of: unfreezeFrom).configNode),
                                                ("epochs", fineTuneEpochs.configNode), ("learning_rate", fineTuneLearningRate.configNode)])))
        }
        return try Experiment(node: .object(pairs), file: "transfer study")
    }

    /// The settings as `transfer.yaml` holds them.
    func description(_ base: TransferBase) -> ConfigNode {
        .object([
            ("weights", weights.path.configNode), ("base", .object([("network", "mobilenet_v2".configNode), ("classes", base.classes.configNode),
                                                                  ("width_multiplier", base.widthMultiplier.configNode)])),
            ("images", "digits-28 resized bilinearly (half-pixel centres) to \(Self.imageSize)x\(Self.imageSize), 3 equal channels, 0-255, imagenet scaling".configNode),
            ("per_class", perClass.configNode), ("validation_per_class", validationPerClass.configNode),
            ("epochs", epochs.configNode), ("fine_tune_epochs", fineTuneEpochs.configNode), ("optimizer", "adam".configNode),
            ("learning_rate", learningRate.configNode), ("fine_tune_learning_rate", fineTuneLearningRate.configNode),
            ("batch_size", batchSize.configNode), ("cut_at", Self.cutAt.configNode), ("unfreeze_from", unfreezeFrom.configNode), ("seed", seed.configNode),
        ])
    }

    /// Creates `folder`, or clears it when it holds an earlier transfer study and `isOverwriting`;
    /// throws for a folder with other files, or with a study but no `isOverwriting`.
    func prepareFolder(_ folder: URL, isOverwriting: Bool) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if !names.isEmpty {
            let shown = names.sorted().prefix(4).joined(separator: ", ") + (names.count > 4 ? ", …" : "")
            guard names.contains(Self.descriptionFile) else {
                throw DescentError.file(path: folder.path, problem: "is not empty and holds no transfer study (\(shown)); choose a new or empty --output")
            }
            guard isOverwriting else {
                throw DescentError.file(path: folder.path, problem: "holds an earlier transfer study (\(shown)); pass --overwrite to replace it, or choose another --output")
            }
            for name in names { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        }
        try AtomicFile.prepareFolder(folder)
    }
}
