/// An update rule with a momentum coefficient that may change during training.
///
/// PyTorch's `OneCycleLR` and `CyclicLR` write the same coefficient (`momentum`, or
/// `betas[0]`) between steps; the rule then uses the new value from its next update on,
/// bias corrections included. Lion (whose β₁ only interpolates the sign direction), RMSProp
/// (which makes its momentum buffer only when μ > 0 at the start) and the rules without
/// momentum do not adopt it.
public protocol MomentumRule: UpdateRule {
    /// μ (SGD, SGDW) or β₁ (Adam, AdamW, AdaMax, Nadam, RAdam).
    var momentumValue: Float { get set }
}

extension SGD: MomentumRule {
    public var momentumValue: Float {
        get { momentum }
        set { momentum = newValue }
    }
}

extension SGDW: MomentumRule {
    public var momentumValue: Float {
        get { sgd.momentum }
        set { sgd.momentum = newValue }
    }
}

extension Adam: MomentumRule {
    public var momentumValue: Float {
        get { beta1 }
        set { beta1 = newValue }
    }
}

extension AdamW: MomentumRule {
    public var momentumValue: Float {
        get { adam.beta1 }
        set { adam.beta1 = newValue }
    }
}

extension AdaMax: MomentumRule {
    public var momentumValue: Float {
        get { beta1 }
        set { beta1 = newValue }
    }
}

extension Nadam: MomentumRule {
    public var momentumValue: Float {
        get { beta1 }
        set { beta1 = newValue }
    }
}

extension RAdam: MomentumRule {
    public var momentumValue: Float {
        get { beta1 }
        set { beta1 = newValue }
    }
}
