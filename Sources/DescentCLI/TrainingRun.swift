import Descent
import Foundation

/// Everything `descent train` was asked to do, with defaults filled in; written to the run
/// folder as `config.json`.
struct TrainingSettings: Codable, Equatable {
    var dataset: String
    var samples: Int
    var hidden: [Int]
    var activation: String
    var optimizer: String
    var learningRate: Float
    var momentum: Float
    var epochs: Int
    var batchSize: Int
    var seed: UInt64
    var trainFraction: Double
    var validationFraction: Double
    var output: String
    var regularization = RegularizationSettings()
    var files: DataSource? = nil
    var scheduling: SchedulingSettings? = nil
    var diagnostics: DiagnosticsSettings? = nil

    /// `optimizer` (a rule of `descent optimize`, with its settings after a colon) at
    /// `learningRate`, with `momentum` for the rules that take one.
    func optimizerSpec() throws -> OptimizerSpec {
        try OptimizerSpec(optimizer, flags: ["lr": "\(learningRate)", "momentum": "\(momentum)"])
    }
}

/// One training run: data, model, fit, test, run folder (config.json, history.csv, model/,
/// report.html).
struct TrainingRun {
    var settings: TrainingSettings

    struct Outcome {
        var history: History
        var test: [MetricKey: Double]
        var folder: URL

        var summary: String {
            var lines: [String] = []
            if let reason = history.stopReason { lines.append("Stopped early: \(reason)") }
            let results = test.keys.sorted { $0.rawValue < $1.rawValue }
                .map { "test_\($0.rawValue)=\(String(format: "%.4f", test[$0]!))" }
            lines.append("Test: " + results.joined(separator: " "))
            lines.append("Run folder: \(folder.path) (config.json, history.csv, model/, report.html)")
            return lines.joined(separator: "\n")
        }
    }

    /// The data splits, model and trainer of a run (`descent check` uses them without training).
    struct Prepared {
        var data: Dataset
        var parts: (train: Dataset, validation: Dataset, test: Dataset)
        var trainer: Trainer
    }

    /// Loads and splits the data (saving preprocessing statistics in `folder`), builds the model and the trainer.
    func prepare(folder: URL) throws -> Prepared {
        try AtomicFile.prepareFolder(folder)
        let data = try settings.files?.load() ?? SyntheticData.make(settings.dataset, samples: settings.samples, seed: settings.seed)
        var parts = try data.split(train: settings.trainFraction, validation: settings.validationFraction, seed: settings.seed)
        if let files = settings.files { parts = try files.preprocess(parts, savingIn: folder) }
        let isClassification = data.classCount != nil
        let outputs = data.classCount ?? data.targets.shape.last ?? 1
        let model = try settings.files?.makeConvolutionalModel(sampleShape: data.sampleShape, outputs: outputs, hidden: settings.hidden, seed: settings.seed &+ 1)
            ?? settings.regularization.makeModel(
            inputSize: data.sampleShape.reduce(1, *), hidden: settings.hidden, outputSize: outputs,
            activation: Activation(name: settings.activation) ?? .relu, seed: settings.seed &+ 1)
        let optimizer = try settings.optimizerSpec().makeOptimizer(model.parameters)
        let trainer = Trainer(
            model: model, loss: isClassification ? SoftmaxCrossEntropy() : MeanSquaredError(),
            optimizer: optimizer, metrics: isClassification ? [.accuracy] : [.meanAbsoluteError])
        trainer.augmentation = settings.regularization.augmentation(seed: settings.seed &+ 3)
        return Prepared(data: data, parts: parts, trainer: trainer)
    }

    func execute(verbosity: Verbosity) throws -> Outcome {
        let folder = URL(fileURLWithPath: settings.output)
        let prepared = try prepare(folder: folder)
        let (parts, trainer) = (prepared.parts, prepared.trainer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(settings), to: folder.appendingPathComponent("config.json"))
        let monitoring = try RunMonitoring(settings: settings.diagnostics, folder: folder, prepared: prepared, verbosity: verbosity)
        let history = try monitoring.skipsTraining ? monitoring.skippedHistory : trainer.fit(
            parts.train.features, parts.train.targets, epochs: settings.epochs, batchSize: settings.batchSize,
            validationData: (parts.validation.features, parts.validation.targets), seed: settings.seed &+ 2,
            verbosity: verbosity,
            callbacks: settings.regularization.callbacks() + settings.schedulingCallbacks(trainingSamples: parts.train.count) + monitoring.callbacks)
        try AtomicFile.write(history.csv, to: folder.appendingPathComponent("history.csv"))
        try saveModel(prepared, in: folder)
        let test = trainer.evaluate(parts.test.features, parts.test.targets)
        try monitoring.writeReport(history: history, test: test)
        return Outcome(history: history, test: test, folder: folder)
    }
}
