import Foundation

/// Writes `TrainingCheckpoint` files when a `ModelCheckpoint` asks, keeps the newest `keep`,
/// and resumes a run from one so exactly that an interrupted and resumed run ends with the
/// same weights, bit for bit, as an uninterrupted one (same seed, thread count and BLAS).
/// Keras' `BackupAndRestore` and `ModelCheckpoint` in one format.
///
/// An epoch whose loss or metrics went non-finite is not saved; as the `checkpointKeeper` of
/// `TrainingDiagnostics` it keeps its newest checkpoint once training goes NaN.
///
/// With `batchInterval` N it also saves after every N-th batch inside an epoch (Keras'
/// `BackupAndRestore(save_freq=N)`), so a killed run loses at most N batches; resuming from
/// such a checkpoint redraws the epoch's permutation and continues after the saved batch.
///
/// Files are `folder/checkpoint-<phase>-<epochs done>[-<batches done>].safetensors`, each
/// written atomically (temporary file, fsync, rename), and old ones are deleted only after the
/// new one is in place: a run killed at any moment leaves its latest checkpoint loadable.
///
/// ```swift
/// let folder = runs.appendingPathComponent("checkpoints")
/// let checkpointer = TrainingCheckpointer(folder: folder, keep: 2)
/// let callbacks = checkpointer.including([EarlyStopping(patience: 5), checkpointer.modelCheckpoint()])
/// try trainer.fit(x, y, epochs: 50, seed: 2, callbacks: callbacks,
///                 resumingFrom: try TrainingCheckpointer.latest(in: folder))   // nil: from the start
/// ```
///
/// The same lines resume in a fresh process that built the same model, optimizer and
/// augmentation: `fit(resumingFrom:)` restores them and hands the callbacks' states to the
/// checkpointer.
public final class TrainingCheckpointer: Callback {
    public let folder: URL
    /// How many checkpoint files to keep (the newest); nil keeps all.
    public let keep: Int?
    /// Stored in each checkpoint, so that it describes its model.
    public var architecture: ConfigNode?
    /// Stored in each checkpoint: the experiment the run trains.
    public var experiment: ConfigNode?
    /// The training phase written into checkpoints (1 while fine-tuning after transfer).
    public var phase: Int
    /// Also save after every `batchInterval`-th batch of an epoch; nil saves at epoch ends only.
    public var batchInterval: Int? {
        didSet { precondition((batchInterval ?? 1) >= 1, "TrainingCheckpointer: batchInterval must be ≥ 1, got \(batchInterval ?? 0)") }
    }
    /// The checkpoint files written by this instance, in order.
    public private(set) var writtenFiles: [URL] = []
    /// True once `keepLastGoodCheckpoint` was called: no checkpoint is written or deleted after.
    public internal(set) var isKeepingLastGood = false
    /// The checkpoint kept by `keepLastGoodCheckpoint`, nil when there was none.
    public internal(set) var keptCheckpoint: URL?
    private var statefulCallbacks: [any StatefulCallback] = []
    private var pendingRestore: TrainingCheckpoint?
    private var isSaveRequested = false
    /// Microseconds to pause halfway through each checkpoint write, 0 by default: crash tests
    /// widen the window in which a kill leaves a partial temporary file.
    public var writePauseMicroseconds: UInt32 = 0

    /// False on the ranks of data-parallel training other than 0: they restore callback states
    /// from a checkpoint like rank 0 but write nothing, so that one process writes each file.
    public var isWriting = true

    public init(folder: URL, keep: Int? = nil, phase: Int = 0) {
        precondition((keep ?? 1) >= 1, "TrainingCheckpointer: keep must be ≥ 1, got \(keep ?? 0)")
        self.folder = folder
        self.keep = keep
        self.phase = phase
    }

    /// Continues `checkpoint` (called by `fit(resumingFrom:)`): its phase, and the callbacks'
    /// states, restored when training begins.
    func resume(from checkpoint: TrainingCheckpoint) {
        phase = checkpoint.phase
        pendingRestore = checkpoint
    }

    /// A `ModelCheckpoint` (every `period` epochs, or best only) whose saves this writes.
    public func modelCheckpoint(monitor: MetricKey = .validationLoss, mode: MonitorMode = .auto, saveBestOnly: Bool = false, period: Int = 1) -> ModelCheckpoint {
        ModelCheckpoint(monitor: monitor, mode: mode, saveBestOnly: saveBestOnly, period: period) { [unowned self] _ in
            isSaveRequested = true
        }
    }

    /// `callbacks` followed by this checkpointer, which must come last: it saves the others'
    /// states after they have seen the epoch, and restores them after they have reset.
    public func including(_ callbacks: [any Callback]) -> [any Callback] {
        statefulCallbacks = callbacks.compactMap { $0 as? any StatefulCallback }
        return callbacks + [self]
    }

    public func trainingWillBegin(_ context: TrainingContext) {
        writtenFiles = []
        (isKeepingLastGood, keptCheckpoint) = (false, nil)
        if isWriting { try? pruneOldFiles() }   // one too many when a kill fell between a write and its pruning
        guard let checkpoint = pendingRestore else { return }
        pendingRestore = nil
        for callback in statefulCallbacks {
            guard let state = checkpoint.callbacks[callback.stateKey] else { continue }
            do { try callback.restoreState(state, model: context.model) } catch {
                context.stop(StopReason(.writeFailed, "TrainingCheckpointer could not restore \(callback.stateKey): \(error)"))
            }
        }
    }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        guard isSaveRequested, !isKeepingLastGood else { return }
        isSaveRequested = false
        guard Self.isFinite(report, context) else { return }
        var history = context.history
        history.epochs.append(report)
        history.stopReason = context.stopReason
        save(TrainingCheckpoint(phase: phase, history: history, model: context.model, optimizer: context.optimizer, shuffler: context.shuffler,
                                augmentation: context.augmentation, callbacks: statefulCallbacks, architecture: architecture), context)
    }

    /// Saves after every `batchInterval`-th batch but the epoch's last (the epoch end saves that).
    public func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) {
        guard let batchInterval, let progress = context.epochProgress, !isKeepingLastGood, context.stopReason == nil,
              progress.batches % batchInterval == 0, progress.batches < context.stepsPerEpoch, loss.isFinite else { return }
        save(TrainingCheckpoint(phase: phase, history: context.history, model: context.model, optimizer: context.optimizer,
                                shuffler: context.shuffler, augmentation: context.augmentation, callbacks: statefulCallbacks,
                                architecture: architecture, epochInProgress: progress), context)
    }

    private func save(_ checkpoint: TrainingCheckpoint, _ context: TrainingContext) {
        guard isWriting else { return }
        var checkpoint = checkpoint
        checkpoint.experiment = experiment
        let url = folder.appendingPathComponent(Self.fileName(phase: phase, epoch: checkpoint.epoch, batch: checkpoint.batch))
        do {
            try AtomicFile.prepareFolder(folder)
            try AtomicFile.write(try checkpoint.encoded(), to: url, pauseMicroseconds: writePauseMicroseconds)
            writtenFiles.append(url)
            try pruneOldFiles()
        } catch {
            context.stop(StopReason(.writeFailed, "TrainingCheckpointer could not write \(url.path): \(error)"))
        }
    }

    /// False for an epoch whose loss went non-finite (the trainer stopped it) or that ends with
    /// a non-finite metric: such an epoch is not checkpointed, so the newest checkpoint is
    /// always one worth resuming from.
    static func isFinite(_ report: EpochReport, _ context: TrainingContext) -> Bool {
        context.stopReason?.kind != .nonFinite && report.metrics.values.allSatisfy(\.isFinite)
    }

    /// `checkpoint-<phase>-<epochs done>.safetensors`, with `-<batches done>` for a checkpoint
    /// taken inside the next epoch.
    static func fileName(phase: Int, epoch: Int, batch: Int = 0) -> String {
        "checkpoint-\(phase)-\(String(format: "%05d", epoch))\(batch > 0 ? String(format: "-%05d", batch) : "").safetensors"
    }

    /// The checkpoint files in `folder`, oldest first (by phase, epoch, then batch).
    public static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let numbered = names.compactMap { name -> (position: [Int], name: String)? in
            guard name.hasPrefix("checkpoint-"), name.hasSuffix(".safetensors") else { return nil }
            let parts = name.dropFirst("checkpoint-".count).dropLast(".safetensors".count).split(separator: "-").map { Int($0) }
            guard parts.count == 2 || parts.count == 3, !parts.contains(nil) else { return nil }
            return (parts.compactMap { $0 } + (parts.count == 2 ? [0] : []), name)
        }
        return numbered.sorted { $0.position.lexicographicallyPrecedes($1.position) }.map { folder.appendingPathComponent($0.name) }
    }

    /// The newest checkpoint in `folder`, nil when there is none; throws when it is damaged.
    public static func latest(in folder: URL) throws -> TrainingCheckpoint? {
        try files(in: folder).last.map { try TrainingCheckpoint(contentsOf: $0) }
    }

    private func pruneOldFiles() throws {
        guard let keep else { return }
        for url in Self.files(in: folder).dropLast(keep) { try? FileManager.default.removeItem(at: url) }
    }
}
