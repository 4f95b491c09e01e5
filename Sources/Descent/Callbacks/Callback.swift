/// Hooks into `Trainer.fit`. Every hook has an empty default; implement the ones you need.
///
/// Hooks receive the `TrainingContext`, through which a callback reads the model, the
/// optimizer (to set its learning rate) and the history, and stops training with
/// `context.stop(reason:)`.
public protocol Callback: AnyObject {
    func trainingWillBegin(_ context: TrainingContext)
    func epochWillBegin(_ epoch: Int, _ context: TrainingContext)
    func batchWillBegin(_ batch: Int, _ context: TrainingContext)
    /// Called after `backward()` and before the optimizer update: every parameter's `gradient`
    /// holds this batch's ∂L/∂θ (diagnostics read gradient norms here).
    func gradientsDidCompute(_ batch: Int, _ context: TrainingContext)
    func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext)
    /// Called after validation, with the epoch's report; a callback may add keys to it.
    func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext)
    func trainingDidEnd(_ context: TrainingContext)
}

extension Callback {
    public func trainingWillBegin(_ context: TrainingContext) {}
    public func epochWillBegin(_ epoch: Int, _ context: TrainingContext) {}
    public func batchWillBegin(_ batch: Int, _ context: TrainingContext) {}
    public func gradientsDidCompute(_ batch: Int, _ context: TrainingContext) {}
    public func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) {}
    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {}
    public func trainingDidEnd(_ context: TrainingContext) {}
}

/// What callbacks see of a running `fit`.
public final class TrainingContext {
    public let model: any Layer
    public let optimizer: any OptimizerProtocol
    /// Epochs finished so far.
    public internal(set) var history: History
    /// The epoch in progress, from 1.
    public internal(set) var epoch = 0
    /// Total epochs requested.
    public let epochs: Int
    /// Mini-batches per epoch.
    public let stepsPerEpoch: Int
    /// Optimizer updates made so far in this `fit`, from 0.
    public internal(set) var globalStep = 0
    /// The epoch in progress after each batch (nil between epochs), for mid-epoch checkpoints.
    public internal(set) var epochProgress: EpochProgress?
    /// Set by `stop(reason:)`; training ends after the current batch.
    public private(set) var stopReason: StopReason?

    /// The generator the epochs' orders are drawn from (the `BatchLoader`'s), for checkpoints.
    public let shuffler: RandomGenerator
    /// The trainer's augmentation, whose random stream checkpoints also record.
    public let augmentation: (any Augmentation)?

    init(model: any Layer, optimizer: any OptimizerProtocol, history: History, epochs: Int, stepsPerEpoch: Int,
         shuffler: RandomGenerator, augmentation: (any Augmentation)?) {
        self.model = model
        self.optimizer = optimizer
        self.shuffler = shuffler
        self.augmentation = augmentation
        self.history = history
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
    }

    /// Ends training after the current batch, recording why.
    public func stop(reason: String) { stop(StopReason(.callback, reason)) }

    /// Ends training after the current batch for `reason`, unless a reason was given before.
    public func stop(_ reason: StopReason) { if stopReason == nil { stopReason = reason } }
}
