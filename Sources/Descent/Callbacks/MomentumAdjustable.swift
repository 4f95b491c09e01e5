/// An optimizer whose momentum coefficient can change between updates, so that a
/// `MomentumScheduler` can drive it (the inverse cycle of `OneCycle`, for instance).
///
/// `momentumValue` is SGD's μ, or Adam's (and its relatives') β₁: the coefficient of the
/// running average of gradients. Optimizers adopt this protocol when their rule has such a
/// coefficient, e.g.
///
/// ```swift
/// extension Optimizer: MomentumAdjustable where Rule == SGD {
///     public var momentumValue: Float {
///         get { rule.momentum }
///         set { rule.momentum = newValue }
///     }
/// }
/// ```
public protocol MomentumAdjustable: AnyObject {
    /// μ or β₁, read by the next update.
    var momentumValue: Float { get set }
}
