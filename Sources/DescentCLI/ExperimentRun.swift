import Descent
import Foundation

/// Runs an `ExperimentConfig` into its run folder, or resumes one:
///
///     OUTPUT/experiment.yaml       the resolved config (what --resume reads)
///     OUTPUT/checkpoints/          checkpoint-<phase>-<epoch>.safetensors (full training state)
///     OUTPUT/history.csv           one row per epoch (history-fine-tune.csv for phase 1)
///     OUTPUT/model/                architecture.json + weights.safetensors, the final model
///
/// Phase 0 trains (with a frozen body when `base.freeze_until` is set); phase 1, when
/// `fine_tune` is set, unfreezes from `unfreeze_from` and trains on with a fresh optimizer at
/// the lower learning rate. A resumed run restores the latest checkpoint and continues its
/// phase, so it ends with the weights an uninterrupted run ends with, bit for bit.
struct ExperimentRun {
    let config: ExperimentConfig

    struct Outcome {
        var histories: [History]
        var test: [MetricKey: Double]
        var folder: URL

        var summary: String {
            var lines = histories.compactMap { $0.stopReason.map { "Stopped early: \($0)" } }
            let results = test.keys.sorted { $0.rawValue < $1.rawValue }.map { "test_\($0.rawValue)=\(String(format: "%.4f", test[$0]!))" }
            lines.append("Test: " + results.joined(separator: " "))
            lines.append("Run folder: \(folder.path) (experiment.yaml, history.csv, checkpoints/, model/)")
            return lines.joined(separator: "\n")
        }
    }

    static let configFile = "experiment.yaml"

    /// Reads the run folder's resolved config for `--resume`.
    static func resuming(_ folder: URL) throws -> ExperimentRun {
        let url = folder.appendingPathComponent(configFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DescentError.file(path: folder.path, problem: "is not a run folder of `descent train CONFIG` (no \(configFile))")
        }
        var config = try ExperimentConfig(contentsOf: url)
        config.output = folder.path
        return ExperimentRun(config: config)
    }

    func execute(quiet: Bool, resume: Bool) throws -> Outcome {
        let verbosity: Verbosity = quiet ? .silent : .auto
        let folder = URL(fileURLWithPath: config.output)
        let checkpoints = folder.appendingPathComponent("checkpoints")
        try AtomicFile.prepareFolder(folder)
        let setup = try ExperimentSetup(config)
        var latest: TrainingCheckpoint?
        if resume {
            latest = try TrainingCheckpointer.latest(in: checkpoints)
            if latest == nil && !quiet { print("No checkpoint in \(checkpoints.path) yet: starting from the beginning.") }
        } else {
            try AtomicFile.write(try ExperimentConfig.resolvedNode(config, setup: setup).yamlText, to: folder.appendingPathComponent(Self.configFile))
        }
        let architecture = try setup.savedModel().architecture()
        var histories: [History] = []
        let phases = config.fineTune == nil ? [0] : [0, 1]
        for phase in phases where phase >= (latest?.phase ?? 0) {
            if phase == 1, let fineTune = config.fineTune {
                let index = try ExperimentSetup.layerIndex(fineTune.unfreezeFrom, names: setup.layerNames, count: setup.model.layers.count,
                                                           file: config.file, key: "fine_tune.unfreeze_from")
                setup.model.unfreeze(from: index)
                if !quiet { print("Fine-tuning: layers \(index)… unfrozen, learning rate \(fineTune.learningRate)") }
            }
            let optimizer = try makeOptimizer(setup, phase: phase)
            let trainer = Trainer(model: setup.model, loss: setup.loss, optimizer: optimizer, metrics: setup.metrics)
            trainer.augmentation = config.inputNoise > 0 ? FeatureNoise(standardDeviation: config.inputNoise, generator: RandomGenerator(seed: config.seed &+ 3)) : nil
            let resumeHere = latest.flatMap { $0.phase == phase ? $0 : nil }
            let checkpointer: TrainingCheckpointer
            if let resumeHere {
                try resumeHere.restore(model: setup.model, optimizer: optimizer, augmentation: trainer.augmentation, source: checkpoints.path)
                checkpointer = TrainingCheckpointer(folder: checkpoints, keep: config.checkpoint.keep, resuming: resumeHere)
                if !quiet { print("Resuming phase \(phase) after epoch \(resumeHere.epoch) from \(checkpoints.path)") }
            } else {
                checkpointer = TrainingCheckpointer(folder: checkpoints, keep: config.checkpoint.keep, shuffler: RandomGenerator(seed: config.seed &+ 2 &+ UInt64(phase)), phase: phase)
            }
            checkpointer.augmentation = trainer.augmentation
            checkpointer.architecture = architecture
            let epochs = phase == 0 ? config.epochs : config.fineTune!.epochs
            let steps = (setup.parts.train.count + config.batchSize - 1) / config.batchSize
            var callbacks = try config.callbackSpecs().map { try $0.make() }
            callbacks += try config.scheduleCallbacks(learningRate: optimizer.learningRate, stepsPerEpoch: steps)
            callbacks.append(checkpointer.modelCheckpoint(monitor: MetricKey(rawValue: config.checkpoint.monitor),
                                                          saveBestOnly: config.checkpoint.saveBestOnly, period: config.checkpoint.period))
            let before = trainer.evaluate(setup.parts.validation.features, setup.parts.validation.targets)
            let history = try trainer.fit(
                setup.parts.train.features, setup.parts.train.targets, epochs: epochs, batchSize: config.batchSize,
                validationData: (setup.parts.validation.features, setup.parts.validation.targets), verbosity: verbosity,
                callbacks: checkpointer.including(callbacks) + Self.interruption(), shuffler: checkpointer.shuffler,
                completedEpochs: resumeHere?.history ?? History())
            try AtomicFile.write(history.csv, to: folder.appendingPathComponent(phase == 0 ? "history.csv" : "history-fine-tune.csv"))
            histories.append(history)
            if !quiet && (config.base != nil || config.fineTune != nil) {
                let after = trainer.evaluate(setup.parts.validation.features, setup.parts.validation.targets)
                print(Self.phaseLine(phase, setup: setup, before: before, after: after))
            }
        }
        try setup.savedModel().save(to: folder.appendingPathComponent("model"))
        let evaluator = Trainer(model: setup.model, loss: setup.loss, optimizer: try makeOptimizer(setup, phase: 0), metrics: setup.metrics)
        return Outcome(histories: histories, test: evaluator.evaluate(setup.parts.test.features, setup.parts.test.targets), folder: folder)
    }

    /// `Phase 0 (head only: layers 0…1 frozen): val_accuracy 0.3400 → 0.8900, …`
    static func phaseLine(_ phase: Int, setup: ExperimentSetup, before: [MetricKey: Double], after: [MetricKey: Double]) -> String {
        let frozen = setup.model.layers.indices.filter { setup.model.layers[$0].isFrozen }
        let what = phase == 1 ? "fine-tuning" : frozen.isEmpty ? "all layers" : "head only"
        let frozenText = frozen.isEmpty ? "none frozen" : "layers \(frozen.first!)…\(frozen.last!) frozen"
        let changes = before.keys.sorted { $0.rawValue < $1.rawValue }.map {
            "val_\($0.rawValue) \(String(format: "%.4f", before[$0]!)) → \(String(format: "%.4f", after[$0] ?? .nan))"
        }
        return "Phase \(phase) (\(what), \(frozenText), \(setup.model.trainableParameterCount) trainable parameters): " + changes.joined(separator: ", ")
    }

    /// The phase's optimizer over every parameter (frozen ones are skipped by the optimizer).
    private func makeOptimizer(_ setup: ExperimentSetup, phase: Int) throws -> any OptimizerProtocol {
        var settings = config.optimizer.settings
        if phase == 1, let fineTune = config.fineTune { settings["lr"] = ConfigNode.format(Double(fineTune.learningRate)) }
        do { return try OptimizerSpec(config.optimizer.name, flags: settings).makeOptimizer(setup.model.parameters) } catch let failure as CommandFailure {
            throw DescentError.config(file: config.file, keyPath: "optimizer", line: config.optimizerNode.line, problem: failure.description)
        }
    }

    /// A test hook: `DESCENT_STOP_AFTER_EPOCH=k` ends the process right after epoch k's
    /// checkpoint, as an interruption would.
    private static func interruption() -> [any Callback] {
        guard let text = ProcessInfo.processInfo.environment["DESCENT_STOP_AFTER_EPOCH"], let epoch = Int(text) else { return [] }
        return [LambdaCallback(epochDidEnd: { report, _ in if report.epoch == epoch { exit(3) } })]
    }
}
