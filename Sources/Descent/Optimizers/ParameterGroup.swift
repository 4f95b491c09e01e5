/// Parameters selected by path that get their own learning-rate factor or weight decay.
///
/// ```swift
/// // No decay on biases (PyTorch's usual two groups), a tenth of the rate for the first layer:
/// let optimizer = Optimizer(AdamW(), parameters: model.parameters, groups: [
///     ParameterGroup("no-decay", weightDecay: WeightDecay.none) { $0.hasSuffix("bias") },
///     ParameterGroup("stem", learningRateScale: 0.1) { $0.hasPrefix("0.") },
/// ])
/// ```
///
/// A parameter belongs to the first group whose predicate accepts its path; parameters in no
/// group use the optimizer's own settings. The group's learning rate is the optimizer's
/// `learningRate` times `learningRateScale`, so a schedule that sets `learningRate` moves every
/// group together, keeping their ratio (as PyTorch's `LambdaLR` does for each group).
public struct ParameterGroup {
    /// A name for logs.
    public var name: String
    /// η_group = η · learningRateScale.
    public var learningRateScale: Float
    /// The decay for this group; nil uses the optimizer's.
    public var weightDecay: WeightDecay?
    /// Whether the parameter at a path belongs to the group.
    public var contains: (String) -> Bool

    public init(_ name: String, learningRateScale: Float = 1, weightDecay: WeightDecay? = nil,
                where contains: @escaping (String) -> Bool) {
        precondition(learningRateScale >= 0, "ParameterGroup '\(name)': learningRateScale must be ≥ 0, got \(learningRateScale)")
        self.name = name
        self.learningRateScale = learningRateScale
        self.weightDecay = weightDecay
        self.contains = contains
    }
}
