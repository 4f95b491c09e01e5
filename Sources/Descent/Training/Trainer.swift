import Foundation

/// Mini-batch training of a model with a loss, an optimizer and metrics, Keras-style.
///
/// ```swift
/// let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
///                       optimizer: Optimizer(Adam(), parameters: model.parameters))
/// let history = try trainer.fit(x, y, epochs: 50, batchSize: 32, validationData: (xv, yv))
/// ```
///
/// Each epoch draws a fresh permutation from a generator seeded with `seed`; the last partial
/// batch is used unless `dropLast`. The model is in training mode for the batches and in
/// evaluation mode for validation, `evaluate` and `predict`.
public final class Trainer {
    public let model: any Layer
    public let loss: any Loss
    public let optimizer: any OptimizerProtocol
    public var metrics: [Metric]
    /// Applied to the inputs of every training batch (see `Augmentation`); nil for none.
    public var augmentation: (any Augmentation)?
    /// How many training batches a background thread prepares ahead (gathering and
    /// augmentation) while the current one trains; 0 prepares each when it is needed. The
    /// batches, and so the whole run, are the same bit for bit either way (`BatchPrefetcher`).
    public var prefetchDepth = 2
    /// Data-parallel training over a communicator's ranks (see `DataParallel`); nil trains in
    /// this process alone.
    public var dataParallel: DataParallel?

    public init(model: any Layer, loss: any Loss, optimizer: any OptimizerProtocol, metrics: [Metric] = [.accuracy]) {
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.metrics = metrics
    }

    /// Trains for `epochs` epochs and returns the per-epoch history.
    ///
    /// `validationSplit` holds out that fraction of the samples, taken from the end before any
    /// shuffling (as Keras does); `validationData` takes precedence. The batches are those of
    /// `BatchLoader(features:targets:batchSize:shuffle:dropLast:seed:)` over the rest.
    /// Throws `DescentError.invalidArgument` for a bad setting.
    public func fit(
        _ x: Tensor, _ y: Tensor, epochs: Int, batchSize: Int = 32,
        validationData: (Tensor, Tensor)? = nil, validationSplit: Float = 0,
        shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 0,
        verbosity: Verbosity = .auto, callbacks: [any Callback] = [], resumingFrom checkpoint: TrainingCheckpoint? = nil
    ) throws -> History {
        try Trainer.validate(x, y, epochs: epochs, batchSize: batchSize, validationSplit: validationSplit)
        var (trainX, trainY, validation) = (x, y, validationData)
        if validation == nil && validationSplit > 0 {
            let held = Int((Float(x.shape[0]) * validationSplit).rounded())
            let kept = x.shape[0] - held
            guard kept > 0 && held > 0 else {
                throw DescentError.invalidArgument(name: "validationSplit", value: "\(validationSplit)", expected: "a fraction leaving samples on both sides of \(x.shape[0])")
            }
            validation = (x.slice(alongAxis: 0, kept..<x.shape[0]), y.slice(alongAxis: 0, kept..<y.shape[0]))
            trainX = x.slice(alongAxis: 0, 0..<kept)
            trainY = y.slice(alongAxis: 0, 0..<kept)
        }
        let loader = try BatchLoader(features: trainX, targets: trainY, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, seed: seed)
        return try fit(loader, epochs: epochs, validationData: validation, verbosity: verbosity, callbacks: callbacks, resumingFrom: checkpoint)
    }

    /// Trains on the batches of `loader` for `epochs` epochs and returns the per-epoch history.
    /// Training stops early when a callback asks, or when the loss becomes NaN or infinite (the
    /// history's `stopReason` says why).
    ///
    /// Resuming is this one call with `resumingFrom:` a checkpoint of the same model, optimizer
    /// and augmentation (`TrainingCheckpointer.latest(in:)`): it restores the weights, the
    /// optimizer state and the random streams, keeps the checkpoint's epochs in the history,
    /// continues an epoch the checkpoint was taken inside after its saved batch, and hands the
    /// callbacks' saved states to the `TrainingCheckpointer` among `callbacks`. The run then ends
    /// exactly as an uninterrupted one would.
    public func fit(
        _ loader: BatchLoader, epochs: Int, validationData validation: (Tensor, Tensor)? = nil,
        verbosity: Verbosity = .auto, callbacks: [any Callback] = [], resumingFrom checkpoint: TrainingCheckpoint? = nil
    ) throws -> History {
        guard epochs >= 1 else { throw DescentError.invalidArgument(name: "epochs", value: "\(epochs)", expected: "an integer ≥ 1") }
        var loader = loader
        let steps = loader.batchCount
        let completedEpochs = checkpoint?.history ?? History()
        let epochInProgress = checkpoint?.epochInProgress
        if let checkpoint {
            if let epochInProgress {
                guard (0..<steps).contains(epochInProgress.batches), epochInProgress.samples >= 0, epochInProgress.metricTotals.count == metrics.count else {
                    throw DescentError.invalidArgument(name: "checkpoint's epoch in progress", value: "\(epochInProgress.batches) batches, \(epochInProgress.metricTotals.count) metrics",
                                                       expected: "fewer than \(steps) batches and \(metrics.count) metrics")
                }
            }
            let numbers = completedEpochs.epochs.map(\.epoch)
            guard numbers == Array(1..<(numbers.count + 1)) else {
                throw DescentError.file(path: checkpoint.source, problem: "its history numbers the epochs \(numbers.prefix(5))…, not 1, 2, 3, …; the file was edited or damaged")
            }
            try checkpoint.restore(model: model, optimizer: optimizer, augmentation: augmentation, source: checkpoint.source)
            loader.shuffler = RandomGenerator(state: checkpoint.shuffler)
            for checkpointer in callbacks.compactMap({ $0 as? TrainingCheckpointer }) { checkpointer.resume(from: checkpoint) }
        }
        let context = TrainingContext(model: model, optimizer: optimizer, history: completedEpochs, epochs: epochs, stepsPerEpoch: steps,
                                      shuffler: loader.shuffler, augmentation: augmentation)
        if let reason = completedEpochs.stopReason { context.stop(reason) }
        let isRoot = dataParallel?.communicator.isRoot ?? true
        let all = (verbosity.isSilent || !isRoot ? [] : [ProgressLogger(verbosity: verbosity)]) + callbacks
        try dataParallel?.synchronize(model: model, optimizer: optimizer)

        all.forEach { $0.trainingWillBegin(context) }
        let firstEpoch = (completedEpochs.epochs.last?.epoch ?? 0) + 1
        for epoch in stride(from: firstEpoch, through: epochs, by: 1) where context.stopReason == nil {
            context.epoch = epoch
            all.forEach { $0.epochWillBegin(epoch, context) }
            let start = Date()
            var progress = (epoch == firstEpoch ? epochInProgress : nil)
                ?? EpochProgress(shufflerAtEpochStart: loader.shuffler.state, metricCount: metrics.count)
            let order = loader.nextOrder()
            let batches = BatchPrefetcher(loader: loader, order: order, indices: progress.batches..<steps, augmentation: augmentation,
                                          depth: prefetchDepth, share: dataParallel.map { parallel in { parallel.localRows(ofBatch: $0) } })
            defer { batches.finish() }
            model.train()
            for batch in progress.batches..<steps where context.stopReason == nil {
                let prepared = batches.next()
                augmentation?.adopt(prepared.augmentationState)
                let rowCount = prepared.globalRows
                all.forEach { $0.batchWillBegin(batch, context) }
                let (batchLoss, penalty, metricTotals) = try computeGradients(prepared.features, prepared.targets, globalRows: rowCount)
                guard batchLoss.isFinite else {
                    if dataParallel != nil { optimizer.zeroGradients() }
                    context.stop(.nonFiniteLoss(batchLoss, epoch: epoch, batch: batch + 1))
                    break
                }
                if let penalty { progress.penaltyTotal = (progress.penaltyTotal ?? 0) + Double(penalty) * Double(rowCount) }
                all.forEach { $0.gradientsDidCompute(batch, context) }
                optimizer.update()
                optimizer.zeroGradients()
                try dataParallel?.broadcastBuffers(model.parameters)
                context.globalStep += 1
                progress.lossTotal += Double(batchLoss) * Double(rowCount)
                for (i, total) in metricTotals.enumerated() { progress.metricTotals[i] += total }
                progress.samples += rowCount
                progress.batches = batch + 1
                context.epochProgress = progress
                all.forEach { $0.batchDidEnd(batch, loss: batchLoss, context) }
                try dataParallel?.agreeOnStop(context)
            }
            context.epochProgress = nil
            let seen = progress.samples
            // an epoch cut short by an interruption or a failed write is not reported as if it had
            // run: a resumed run trains it from its last checkpoint
            guard seen > 0, progress.batches == steps || ![.interrupted, .writeFailed].contains(context.stopReason?.kind) else { break }
            var report = EpochReport(epoch: epoch, metrics: [.loss: progress.lossTotal / Double(seen)], seconds: 0)
            for (i, metric) in metrics.enumerated() { report.metrics[metric.key] = progress.metricTotals[i] / Double(seen) }
            report.metrics[.penalty] = progress.penaltyTotal.map { $0 / Double(seen) }
            report.metrics[.learningRate] = Double(optimizer.learningRate)
            if let (vx, vy) = validation {
                for (key, value) in try distributedEvaluate(vx, vy, batchSize: Swift.max(loader.batchSize, 256)) {
                    report.metrics[key.validation] = value
                }
            }
            report.seconds = Date().timeIntervalSince(start)
            for callback in all { callback.epochDidEnd(&report, context) }
            try dataParallel?.agreeOnStop(context)
            context.history.epochs.append(report)
        }
        context.history.stopReason = context.stopReason
        all.forEach { $0.trainingDidEnd(context) }
        model.eval()
        return context.history
    }

    /// Loss and metrics over a dataset, in evaluation mode.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 256) -> [MetricKey: Double] {
        precondition(x.shape.first == y.shape.first, "evaluate: \(x.shape.first ?? 0) inputs but \(y.shape.first ?? 0) targets")
        let (lossTotal, metricTotals) = evaluationTotals(x, y, rows: 0..<x.shape[0], batchSize: batchSize)
        return evaluationResult(lossTotal: lossTotal, metricTotals: metricTotals, count: x.shape[0])
    }

    /// Loss and metrics as `evaluate`'s dictionary, from totals over `count` samples.
    func evaluationResult(lossTotal: Double, metricTotals: [Double], count: Int) -> [MetricKey: Double] {
        var result: [MetricKey: Double] = [.loss: lossTotal / Double(Swift.max(count, 1))]
        for (i, metric) in metrics.enumerated() { result[metric.key] = metricTotals[i] / Double(Swift.max(count, 1)) }
        return result
    }

    /// Model outputs for `x`, in evaluation mode and without gradients.
    public func predict(_ x: Tensor, batchSize: Int = 256) -> Tensor {
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        return withoutGradients {
            let n = x.shape[0]
            if n <= batchSize { return model(x) }
            let parts = stride(from: 0, to: n, by: batchSize).map { model(x.slice(alongAxis: 0, $0..<min(n, $0 + batchSize))) }
            return Tensor.concatenate(parts, alongAxis: 0)
        }
    }

    static func validate(_ x: Tensor, _ y: Tensor, epochs: Int, batchSize: Int, validationSplit: Float) throws {
        guard epochs >= 1 else { throw DescentError.invalidArgument(name: "epochs", value: "\(epochs)", expected: "an integer ≥ 1") }
        guard batchSize >= 1 else { throw DescentError.invalidArgument(name: "batchSize", value: "\(batchSize)", expected: "an integer ≥ 1") }
        guard (0..<1).contains(validationSplit) else {
            throw DescentError.invalidArgument(name: "validationSplit", value: "\(validationSplit)", expected: "a fraction in [0, 1)")
        }
        try BatchLoader.checkSamples(x, y)
    }
}
