/// An optimizer whose momentum coefficient can change between updates, so that a
/// `MomentumScheduler` can drive it (the inverse cycle of `OneCycle`, for instance).
///
/// `momentumValue` is SGD's μ, or β₁ of the Adam family: the coefficient of the
/// running average of gradients, read by the next update. `Optimizer` adopts it whenever its
/// rule is a `MomentumRule`.
public protocol MomentumAdjustable: AnyObject {
    /// μ or β₁, read by the next update.
    var momentumValue: Float { get set }
}

extension Optimizer: MomentumAdjustable where Rule: MomentumRule {
    public var momentumValue: Float {
        get { rule.momentumValue }
        set { rule.momentumValue = newValue }
    }
}
