import Foundation

/// Trains an `Experiment` into its run folder, resumes one, or extends one:
///
///     OUTPUT/experiment.yaml       the resolved config (what --resume reads)
///     OUTPUT/checkpoints/          checkpoint-<phase>-<epoch>.safetensors (full training state)
///     OUTPUT/history.csv           one row per epoch (history-fine-tune.csv for phase 1)
///     OUTPUT/model/                architecture.json + weights.safetensors, the final model
///     OUTPUT/report.html           learning curves (also learning-curves.svg), warnings, metrics
///
/// The `diagnostics` section adds what `--diagnostics`, `--tensorboard` and `--sanity-checks`
/// add to a flag run. When training goes non-finite, the diagnostics stop it and the
/// checkpointer keeps its newest checkpoint (written before the NaN) and writes no more.
///
/// Phase 0 trains (with a frozen body when `base.freeze_until` is set); phase 1, when
/// `fine_tune` is set, unfreezes from `unfreeze_from` and trains on with a fresh optimizer at
/// the lower learning rate. A resumed run restores the latest checkpoint and continues its
/// phase, so it ends with the weights an uninterrupted run ends with, bit for bit.
///
/// Extending: resuming with more `epochs` than the run had (Keras' `initial_epoch`) trains on
/// from the last checkpoint, and ends as a run started with the larger number would, as long
/// as nothing depends on the total: a schedule whose length defaults to the whole run
/// (cosine without `t_max`, polynomial and one-cycle without `total_steps`) is rebuilt for the
/// new total, so its rates from the resumed step on differ from those of the shorter run.
///
/// ```swift
/// let result = try ExperimentRun(try Experiment(contentsOf: url)).run()
/// let resumed = try ExperimentRun.resuming(result.folder).run()   // continues or extends
/// ```
public struct ExperimentRun {
    public var config: Experiment
    /// How much the fit prints.
    public var verbosity: Verbosity = .auto
    /// Callbacks added to every phase's fit after the checkpointer (their state is not
    /// checkpointed), e.g. one that stops the run with a `StopReason` of kind `.interrupted`
    /// after some batch: the run then ends without its test, model and report, and
    /// `ExperimentRun.resuming` continues it from its latest checkpoint.
    public var additionalCallbacks: [any Callback] = []
    /// True to continue from the latest checkpoint in the run folder.
    public var isResuming = false
    /// True to let a fresh run replace the files of another run in its folder.
    public var isOverwriting = false
    /// The ranks of data-parallel training (`MPICommunicator` under `mpirun`, a `ThreadGroup`'s);
    /// nil or one rank trains in this process alone. Every rank runs the same experiment; rank 0
    /// alone prints and writes the run folder (see `DataParallel`).
    public var communicator: (any Communicator)?

    /// The name of the resolved experiment in a run folder.
    public static let configFile = "experiment.yaml"

    public init(_ experiment: Experiment) { config = experiment }

    /// The run of the folder's `experiment.yaml`, set to resume from its latest checkpoint;
    /// change `config.epochs` to extend it.
    public static func resuming(_ folder: URL) throws -> ExperimentRun {
        var run = ExperimentRun(try experiment(inRunFolder: folder))
        run.config.output = folder.path
        run.isResuming = true
        return run
    }

    /// The experiment a run folder was trained with.
    public static func experiment(inRunFolder folder: URL) throws -> Experiment {
        let url = folder.appendingPathComponent(configFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DescentError.file(path: folder.path, problem: "is not a run folder (no \(configFile)); give the folder that `descent train` printed")
        }
        return try Experiment(contentsOf: url)
    }

    /// Trains (or, when `isResuming`, continues) the experiment and writes its run folder.
    public func run() throws -> ExperimentResult {
        let ranks = communicator?.size ?? 1
        let parallel = ranks > 1 || config.distributed.fixedOrderChunks > 0 ? DataParallel(communicator: communicator ?? SingleProcess()) : nil
        parallel?.fixedOrderChunks = config.distributed.fixedOrderChunks
        let isRoot = parallel?.communicator.isRoot ?? true
        let verbosity = isRoot ? self.verbosity : .silent
        let quiet = verbosity == .silent
        let resume = isResuming
        let folder = URL(fileURLWithPath: config.output)
        let checkpoints = folder.appendingPathComponent("checkpoints")
        // rank 0 takes the folder; every rank builds the data and model and reads the checkpoint
        let (runFolder, setup, latest, resolved) = try Self.agreeing(parallel, undo: { $0.0?.abandon() }) { () -> (RunFolder?, ExperimentSetup, TrainingCheckpoint?, ConfigNode) in
            let runFolder = isRoot ? try RunFolder(folder, resuming: resume, overwriting: isOverwriting) : nil
            let setup: ExperimentSetup
            do {
                setup = try ExperimentSetup(config)
                if ranks > 1 { try Self.checkWorldSize(ranks, setup) }
            } catch {
                runFolder?.abandon()
                throw error
            }
            var latest: TrainingCheckpoint?
            if resume {
                latest = try TrainingCheckpointer.latest(in: checkpoints)
                if latest == nil && !quiet { print("No checkpoint in \(checkpoints.path) yet: starting from the beginning.") }
                if let latest, latest.phase == 0, latest.epoch > config.epochs {
                    throw DescentError.invalidArgument(name: "epochs", value: "\(config.epochs)",
                                                       expected: "at least the \(latest.epoch) epochs the run in \(folder.path) has trained")
                }
            }
            let resolved = try config.resolvedNode(setup: setup)
            if let trained = latest?.experiment { try Self.checkUnchanged(resolved, trainedWith: trained, folder: folder) }
            return (runFolder, setup, latest, resolved)
        }
        defer { runFolder?.release() }
        if isRoot { try AtomicFile.write(resolved.yamlText, to: folder.appendingPathComponent(Self.configFile)) }
        // the experiment every rank must share: all of it but where rank 0 writes
        parallel?.fingerprint = resolved.removing(["output"]).yamlText
        if let parallel, config.distributed.syncBatchNorm { setup.model.synchronizeBatchNorm(over: parallel.communicator) }
        let architecture = try setup.savedModel().architecture()
        var histories: [History] = []
        var monitoring: RunMonitoring?
        var keptCheckpoint: URL?
        let phases = config.fineTune == nil ? [0] : [0, 1]
        for phase in phases where phase >= (latest?.phase ?? 0) {
            if phase == 1, let fineTune = config.fineTune {
                let index = try ExperimentSetup.layerIndex(fineTune.unfreezeFrom, names: setup.layerNames, count: setup.model.layers.count,
                                                           file: config.file, key: "fine_tune.unfreeze_from")
                setup.model.unfreeze(from: index)
                if !quiet { print("Fine-tuning: layers \(index)… unfrozen, learning rate \(fineTune.learningRate)") }
            }
            let trainer = try setup.makeTrainer(phase: phase)
            trainer.dataParallel = parallel
            let resumeHere = latest.flatMap { $0.phase == phase ? $0 : nil }
            let checkpointer = TrainingCheckpointer(folder: checkpoints, keep: config.checkpoint.keep, phase: phase)
            checkpointer.isWriting = isRoot
            if let resumeHere, !quiet {
                let position = resumeHere.batch > 0 ? "after batch \(resumeHere.batch) of epoch \(resumeHere.epoch + 1)" : "after epoch \(resumeHere.epoch)"
                print("Resuming phase \(phase) \(position) from \(checkpoints.path)")
            }
            checkpointer.batchInterval = config.checkpoint.everyBatches
            checkpointer.architecture = architecture
            checkpointer.experiment = resolved
            // the other ranks watch nothing: rank 0's diagnostics stop every rank through the stop agreement
            var diagnostics = isRoot ? config.diagnostics : DiagnosticsSettings()
            diagnostics.sanityChecks = diagnostics.sanityChecks && phase == 0 && resumeHere == nil
            let monitor = try RunMonitoring(settings: diagnostics, folder: folder, trainer: trainer, train: setup.parts.train,
                                            validation: setup.parts.validation, classCount: setup.parts.train.classCount, verbosity: verbosity)
            monitor.diagnostics?.checkpointKeeper = checkpointer
            monitoring = monitor
            let history = monitor.skipsTraining ? monitor.skippedHistory
                : try fit(trainer, setup: setup, phase: phase, checkpointer: checkpointer, monitoring: monitor, resuming: resumeHere, verbosity: verbosity)
            if isRoot { try AtomicFile.write(history.csv, to: folder.appendingPathComponent(phase == 0 ? "history.csv" : "history-fine-tune.csv")) }
            histories.append(history)
            if monitor.skipsTraining { break }
            if checkpointer.isKeepingLastGood {
                keptCheckpoint = checkpointer.keptCheckpoint
                break
            }
            if history.stopReason?.kind == .interrupted {
                return ExperimentResult(histories: histories, test: [:], folder: folder, keptCheckpoint: nil)
            }
        }
        if isRoot { try setup.savedModel().save(to: folder.appendingPathComponent("model")) }
        let evaluator = try setup.makeTrainer(phase: 0), testSplit = setup.parts.test
        evaluator.dataParallel = parallel
        // no test part (split.train + split.validation = 1, or an empty file): no test numbers
        var test = testSplit.count > 0 ? try evaluator.distributedEvaluate(testSplit.features, testSplit.targets) : [:]
        var confusion: ConfusionMatrix?
        defer { try? parallel?.communicator.barrier() }   // the others end once rank 0 has written everything
        guard isRoot else { return ExperimentResult(histories: histories, test: test, folder: folder, keptCheckpoint: keptCheckpoint) }
        if let classes = testSplit.classCount, classes >= 2, testSplit.count > 0 {
            let matrix = ConfusionMatrix(predictions: evaluator.predict(testSplit.features), targets: testSplit.targets)
            (test["macro_precision"], test["macro_recall"], test["macro_f1"]) = (matrix.macroPrecision, matrix.macroRecall, matrix.macroF1)
            confusion = matrix
        }
        let preview = try config.makeAugmentation(sampleShape: setup.inputShape).flatMap { $0 as? ImageAugmentation }
            .flatMap { AugmentationPreview.svg($0, images: setup.parts.train.features, seed: config.seed) }
        try monitoring?.writeReport(history: Self.joined(histories), test: test, confusion: confusion, classNames: testSplit.classNames,
                                    augmentationPreview: preview)
        return ExperimentResult(histories: histories, test: test, folder: folder, keptCheckpoint: keptCheckpoint, confusion: confusion)
    }

    /// Trains one phase, checkpointing after the epochs `checkpoint` asks for, and prints the
    /// phase line of a transfer run.
    private func fit(_ trainer: Trainer, setup: ExperimentSetup, phase: Int, checkpointer: TrainingCheckpointer, monitoring: RunMonitoring,
                     resuming checkpoint: TrainingCheckpoint?, verbosity: Verbosity) throws -> History {
        let (train, validation) = (setup.parts.train, setup.parts.validation)
        let epochs = phase == 0 ? config.epochs : config.fineTune!.epochs
        let steps = (train.count + config.batchSize - 1) / config.batchSize
        var callbacks: [any Callback] = try config.makeCallbacks()
        try setup.checkMonitors(callbacks)
        callbacks += try scheduleCallbacks(learningRate: trainer.optimizer.learningRate, epochs: epochs, stepsPerEpoch: steps,
                                           ranks: trainer.dataParallel?.communicator.size ?? 1)
        callbacks.append(checkpointer.modelCheckpoint(monitor: MetricKey(rawValue: config.checkpoint.monitor),
                                                      saveBestOnly: config.checkpoint.saveBestOnly, period: config.checkpoint.period))
        // a resumed phase starts from the checkpoint's weights, which `fit` restores: no "before".
        // A silent run prints no phase line and spends no validation passes on one; the test is
        // the run's verbosity, not the rank's, as every rank takes part in each evaluation.
        let validationData = validation.count > 0 ? (validation.features, validation.targets) : nil
        let evaluatesPhase = self.verbosity != .silent && (config.base != nil || config.fineTune != nil)
        let before = checkpoint == nil && evaluatesPhase ? try validationData.map { try trainer.distributedEvaluate($0.0, $0.1) } : nil
        let loader = try BatchLoader(train, batchSize: config.batchSize, seed: config.seed &+ 2 &+ UInt64(phase))
        let history = try trainer.fit(
            loader, epochs: epochs, validationData: validationData, verbosity: verbosity,
            callbacks: checkpointer.including(callbacks + monitoring.callbacks) + additionalCallbacks, resumingFrom: checkpoint)
        if evaluatesPhase, let validationData {
            let after = try trainer.distributedEvaluate(validationData.0, validationData.1)
            if verbosity != .silent { print(Self.phaseLine(phase, setup: setup, before: before, after: after)) }
        }
        return history
    }

    /// The phases' histories as one, the fine-tuning epochs numbered on after the first phase's.
    static func joined(_ histories: [History]) -> History {
        var joined = History()
        for history in histories {
            let offset = joined.epochs.last?.epoch ?? 0
            joined.epochs += history.epochs.map { report in
                var report = report
                report.epoch += offset
                return report
            }
            joined.stopReason = history.stopReason ?? joined.stopReason
        }
        return joined
    }

    /// `Phase 0 (head only: layers 0…1 frozen): val_accuracy 0.3400 → 0.8900, …`; a resumed
    /// phase (no `before`) shows where it ended.
    static func phaseLine(_ phase: Int, setup: ExperimentSetup, before: [MetricKey: Double]?, after: [MetricKey: Double]) -> String {
        let frozen = setup.model.layers.indices.filter { setup.model.layers[$0].isFrozen }
        let what = phase == 1 ? "fine-tuning" : frozen.isEmpty ? "all layers" : "head only"
        let frozenText = frozen.isEmpty ? "none frozen" : "layers \(frozen.first!)…\(frozen.last!) frozen"
        let changes = after.keys.sorted { $0.rawValue < $1.rawValue }.map { key in
            "val_\(key.rawValue) " + (before.map { String(format: "%.4f → ", $0[key] ?? .nan) } ?? "→ ") + String(format: "%.4f", after[key]!)
        }
        return "Phase \(phase) (\(what), \(frozenText), \(setup.model.trainableParameterCount) trainable parameters): " + changes.joined(separator: ", ")
    }

    /// The keys a resumed run may change: how long it trains, what watches it, where it is.
    static let resumableKeys: Set = ["epochs", "diagnostics", "output"]

    /// Throws, listing the keys, when the experiment to resume differs from the one its
    /// checkpoints were trained with in anything but `resumableKeys`.
    static func checkUnchanged(_ experiment: ConfigNode, trainedWith trained: ConfigNode, folder: URL) throws {
        let (now, then) = (experiment.leaves(), trained.leaves())
        let changed = Set(now.keys).union(then.keys).filter { path in
            !resumableKeys.contains(String(path.prefix { $0 != "." && $0 != "[" })) && now[path] != then[path]
        }
        guard !changed.isEmpty else { return }
        throw DescentError.file(path: folder.path, problem: "its experiment differs from the one its checkpoints were trained with in \(changed.sorted().joined(separator: ", ")); put it back, or replay it into a new folder: descent train \(folder.path)/\(configFile) --output NEW_FOLDER")
    }

    /// The schedule's callbacks for a phase of `epochs` epochs of `stepsPerEpoch` updates; the
    /// momentum cycles with one-cycle when the rule's momentum is on (`OptimizerConfig.cyclesMomentum`).
    /// On N > 1 `ranks` with `distributed.scale_learning_rate`, the schedule starts from η·N and
    /// a linear warm-up from η over `warmup_epochs` comes first (Goyal et al., 2017).
    func scheduleCallbacks(learningRate: Float, epochs: Int, stepsPerEpoch: Int, ranks: Int = 1) throws -> [any Callback] {
        let scaling = config.distributed.scaleLearningRate && ranks > 1
        guard config.schedule != nil || scaling else { return [] }
        let granularity = config.schedule?.granularity ?? .step
        let horizon = granularity == .step ? epochs * stepsPerEpoch : epochs
        let peak = scaling ? learningRate * Float(ranks) : learningRate
        var rates = try config.schedule?.makeSchedule(learningRate: peak, horizon: horizon) ?? (try ConstantSchedule(learningRate: peak))
        if scaling && config.distributed.warmupEpochs > 0 {
            let warmup = config.distributed.warmupEpochs * (granularity == .step ? stepsPerEpoch : 1)
            rates = try rates.withWarmup(steps: warmup, startFactor: 1 / Float(ranks))
        }
        var callbacks: [any Callback] = [LearningRateScheduler(rates, granularity: granularity)]
        if config.optimizer.cyclesMomentum, let cycle = rates as? OneCycle {
            callbacks.append(MomentumScheduler(cycle.momentum, granularity: granularity))
        }
        return callbacks
    }
}
