/// A callback made of closures, for one-off hooks (Keras' `LambdaCallback`).
///
/// ```swift
/// let printer = LambdaCallback(epochDidEnd: { report, _ in print(report.epoch, report[.loss]!) })
/// ```
public final class LambdaCallback: Callback {
    public var onTrainingWillBegin: ((TrainingContext) -> Void)?
    public var onEpochWillBegin: ((Int, TrainingContext) -> Void)?
    public var onBatchWillBegin: ((Int, TrainingContext) -> Void)?
    public var onBatchDidEnd: ((Int, Float, TrainingContext) -> Void)?
    public var onEpochDidEnd: ((inout EpochReport, TrainingContext) -> Void)?
    public var onTrainingDidEnd: ((TrainingContext) -> Void)?

    public init(
        trainingWillBegin: ((TrainingContext) -> Void)? = nil, epochWillBegin: ((Int, TrainingContext) -> Void)? = nil,
        batchWillBegin: ((Int, TrainingContext) -> Void)? = nil, batchDidEnd: ((Int, Float, TrainingContext) -> Void)? = nil,
        epochDidEnd: ((inout EpochReport, TrainingContext) -> Void)? = nil, trainingDidEnd: ((TrainingContext) -> Void)? = nil
    ) {
        onTrainingWillBegin = trainingWillBegin
        onEpochWillBegin = epochWillBegin
        onBatchWillBegin = batchWillBegin
        onBatchDidEnd = batchDidEnd
        onEpochDidEnd = epochDidEnd
        onTrainingDidEnd = trainingDidEnd
    }

    public func trainingWillBegin(_ context: TrainingContext) { onTrainingWillBegin?(context) }
    public func epochWillBegin(_ epoch: Int, _ context: TrainingContext) { onEpochWillBegin?(epoch, context) }
    public func batchWillBegin(_ batch: Int, _ context: TrainingContext) { onBatchWillBegin?(batch, context) }
    public func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) { onBatchDidEnd?(batch, loss, context) }
    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) { onEpochDidEnd?(&report, context) }
    public func trainingDidEnd(_ context: TrainingContext) { onTrainingDidEnd?(context) }
}
