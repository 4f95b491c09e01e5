/// What the trainer needs of an optimizer, whatever its rule.
public protocol OptimizerProtocol: AnyObject {
    /// η, applied from the next `update()`; schedules set it.
    var learningRate: Float { get set }
    /// Number of updates applied so far (with accumulation, applied updates, not batches).
    var step: Int { get }
    /// Applies one update to every trainable parameter that has a gradient.
    func update()
    /// Clears all gradients.
    func zeroGradients()
    /// The complete state for a checkpoint.
    func checkpoint() -> OptimizerCheckpoint
    /// Restores a checkpoint made by the same kind of optimizer over the same parameters.
    func restore(_ checkpoint: OptimizerCheckpoint) throws
    /// The rule's name.
    var ruleName: String { get }
    /// The global gradient norm before clipping at the last update; nil without clipping.
    var gradientNorm: Float? { get }
}

extension OptimizerProtocol {
    public var gradientNorm: Float? { nil }
}

/// An optimizer's state keyed by parameter path, so that a checkpoint reads like the model.
public struct OptimizerCheckpoint {
    public var rule: String
    public var step: Int
    public var learningRate: Float
    /// `slots[path][slotName]`, e.g. `slots["0.weight"]["exp_avg"]`.
    public var slots: [String: [String: Tensor]]
    /// Mini-batches summed since the last applied update (gradient accumulation).
    public var accumulatedBatches: Int
    /// The gradient sums of those batches, by path.
    public var accumulatedGradients: [String: Tensor]

    public init(rule: String, step: Int, learningRate: Float, slots: [String: [String: Tensor]],
                accumulatedBatches: Int = 0, accumulatedGradients: [String: Tensor] = [:]) {
        self.rule = rule
        self.step = step
        self.learningRate = learningRate
        self.slots = slots
        self.accumulatedBatches = accumulatedBatches
        self.accumulatedGradients = accumulatedGradients
    }
}
