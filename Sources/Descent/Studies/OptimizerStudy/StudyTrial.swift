import Foundation

/// One trial of an `OptimizerStudy`: a problem trained with one optimizer setting, schedule
/// and seed through `ExperimentRun`, written as one `TrialRecord` file at
///
///     <problem>/<optimizer>/<hyperparameter string>/random_seed__<seed>__<start time>.json
///
/// The hyperparameter string lists every setting of the `optimizer:` section (defaults
/// included) and the schedule, `learning_rate__0.001__beta1__0.9__…__schedule__cosine`. A
/// trial is finished when such a file exists, whatever its time: a resumed study skips it.
/// The run folder `ExperimentRun` needs lives in `<study>/.scratch/` and is removed after.
public struct StudyTrial {
    public var problem: StudyProblem
    /// The `optimizer:` section, every setting spelled out (`OptimizerConfig.node`).
    public var optimizer: ConfigNode
    /// `constant` or `cosine` (over the whole run, per step, down to 0).
    public var schedule: String
    public var seed: Int

    /// The schedules a study may name.
    public static let schedules = ["constant", "cosine"]

    /// A trial of `rule` with `settings` (config keys and values; the rest at their defaults).
    public init(problem: StudyProblem, rule: String, settings: [(key: String, value: Double)], schedule: String, seed: Int) throws {
        let pairs = [("type", rule.configNode)] + settings.map { ($0.key, Float($0.value).configNode) }
        let config = try OptimizerConfig(ConfigObject(.object(pairs), file: "search space", path: "optimizer"))
        (self.problem, self.optimizer, self.schedule, self.seed) = (problem, config.node, schedule, seed)
    }

    init(problem: StudyProblem, optimizer: ConfigNode, schedule: String, seed: Int) {
        (self.problem, self.optimizer, self.schedule, self.seed) = (problem, optimizer, schedule, seed)
    }

    var optimizerPairs: [(key: String, value: ConfigNode)] {
        guard case .object(let pairs) = optimizer.value else { return [] }
        return pairs
    }

    /// The rule's config name (`adam`).
    public var rule: String { optimizerPairs.first { $0.key == "type" }.map { TrialRecord.Value($0.value).description } ?? "" }

    /// `learning_rate__0.001__…__schedule__cosine`: the folder name of the setting.
    public var hyperparameterString: String {
        (optimizerPairs.filter { $0.key != "type" }.map { "\($0.key)__\(TrialRecord.Value($0.value))" } + ["schedule__\(schedule)"])
            .joined(separator: "__")
    }

    /// The folder of the setting's records, relative to the study folder.
    public var folder: String { "\(problem.name)/\(rule)/\(hyperparameterString)" }

    /// The record file of this trial in `study`, when the trial has finished.
    public func finishedRecord(in study: URL) -> URL? {
        let folder = study.appendingPathComponent(self.folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().first { $0.hasPrefix("random_seed__\(seed)__") && $0.hasSuffix(".json") }.map(folder.appendingPathComponent)
    }

    /// The experiment the trial trains: the problem's, with this optimizer, schedule and seed,
    /// the data seed fixed, one checkpoint at the end, and `output` as its run folder.
    public func experiment(output: URL) throws -> Experiment {
        var experiment = try problem.experiment()
        experiment.optimizer = try OptimizerConfig(ConfigObject(optimizer, file: "trial", path: "optimizer"))
        experiment.schedule = schedule == "cosine" ? try ScheduleConfig(ConfigObject(.object([("type", "cosine".configNode)]), file: "trial", path: "schedule")) : nil
        experiment.seed = UInt64(seed)
        experiment.data.seed = experiment.data.seed ?? 0
        (experiment.checkpoint.period, experiment.checkpoint.keep, experiment.checkpoint.everyBatches) = (experiment.epochs, 1, nil)
        experiment.output = output.path
        return experiment
    }

    /// Trains the trial and writes its record atomically into `study`; returns the file.
    @discardableResult
    public func run(in study: URL) throws -> URL {
        let started = Date()
        let scratch = study.appendingPathComponent(".scratch").appendingPathComponent(String(SearchSpace.mix("\(folder)#\(seed)"), radix: 16))
        try? FileManager.default.removeItem(at: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let experiment = try self.experiment(output: scratch)
        let setup = try ExperimentSetup(experiment)
        var run = ExperimentRun(experiment)
        run.verbosity = .silent
        run.additionalCallbacks = [TestSplitEvaluation(setup.parts.test, loss: setup.loss, metrics: setup.metrics)]
        let history = try run.run().histories.first ?? History()
        let record = record(history, experiment: experiment)
        let folder = study.appendingPathComponent(self.folder)
        try AtomicFile.prepareFolder(folder)
        let url = folder.appendingPathComponent("random_seed__\(seed)__\(Self.timeFormatter.string(from: started)).json")
        try AtomicFile.write(try record.jsonData(), to: url)
        return url
    }

    /// The record of a trained history: per-epoch arrays padded with nil to `epochs`.
    func record(_ history: History, experiment: Experiment) -> TrialRecord {
        func values(_ key: MetricKey) -> [Double?] {
            let found = history.values(key).map { value in value.flatMap { $0.isFinite ? $0 : nil } }
            return found + Array(repeating: nil, count: Swift.max(0, experiment.epochs - found.count))
        }
        let hasAccuracy = history.epochs.contains { $0[TestSplitEvaluation.accuracy] != nil }
        func accuracies(_ key: MetricKey) -> [Double?] { hasAccuracy ? values(key) : [] }
        var hyperparameters: [String: TrialRecord.Value] = [:]
        for (key, value) in optimizerPairs where key != "type" { hyperparameters[key] = TrialRecord.Value(value) }
        return TrialRecord(
            testproblem: problem.name, batchSize: experiment.batchSize, numEpochs: experiment.epochs, randomSeed: seed,
            optimizerName: rule, optimizerHyperparams: hyperparameters,
            trainingParams: ["lr_schedule": .text(schedule), "data_seed": .number(Double(experiment.data.seed ?? 0))],
            trainLosses: values(.loss), validLosses: values(.validationLoss), testLosses: values(TestSplitEvaluation.loss),
            trainAccuracies: accuracies(.accuracy), validAccuracies: accuracies(.validationAccuracy), testAccuracies: accuracies(TestSplitEvaluation.accuracy),
            stopReason: history.stopReason.map { "\($0)" })
    }

    /// `2025-01-31-13-05-59` (UTC), DeepOBS' time stamp.
    static let timeFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd-HH-mm-ss"
        return formatter
    }()
}

/// Evaluates the test split after every epoch and adds `test_loss` and `test_accuracy` (when
/// the metrics have accuracy) to the epoch's report.
final class TestSplitEvaluation: Callback {
    static let loss: MetricKey = "test_loss", accuracy: MetricKey = "test_accuracy"
    let test: Dataset, loss: any Loss, metrics: [Metric]

    init(_ test: Dataset, loss: any Loss, metrics: [Metric]) { (self.test, self.loss, self.metrics) = (test, loss, metrics) }

    func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        guard test.count > 0 else { return }
        let result = Trainer(model: context.model, loss: loss, optimizer: context.optimizer, metrics: metrics).evaluate(test.features, test.targets)
        report.metrics[Self.loss] = result[.loss]
        if let accuracy = result[.accuracy] { report.metrics[Self.accuracy] = accuracy }
    }
}
