/// A weight penalty added to the training loss: Keras' `L1L2` convention.
///
///     penalty(w) = l1·Σ|wᵢ| + l2·Σwᵢ²        ∂penalty/∂w = l1·sign(w) + 2·l2·w
///
/// The penalty is added to the mean batch loss once per batch, unscaled by the batch or
/// dataset size (Keras' `kernel_regularizer=l2(λ)` gives `.l2(λ)` exactly). Other conventions
/// map onto it:
///
///     course / Ng:  J = (1/N)·Σℓ + λ/(2N)·Σw²   →  .l2(lambda: λ, sampleCount: N)  (l2 = λ/(2N))
///     PyTorch:      weight_decay = wd adds wd·w to the gradient, the gradient of ½·wd·Σw²
///                                             →  .l2(weightDecay: wd)              (l2 = wd/2)
///
/// PyTorch's `weight_decay` also decays biases; set the layer's `biasRegularizer` to match.
/// With Adam, PyTorch's `weight_decay` is this L2 penalty, while AdamW's decoupled decay is not
/// a loss term at all (that one belongs to the optimizer).
public struct Regularizer: Equatable, Codable, Sendable, CustomStringConvertible {
    /// The L1 strength, multiplying Σ|w|.
    public var l1: Float
    /// The L2 strength, multiplying Σw².
    public var l2: Float

    public init(l1: Float = 0, l2: Float = 0) {
        precondition(l1 >= 0 && l2 >= 0 && l1.isFinite && l2.isFinite, "Regularizer: strengths must be finite and ≥ 0, got l1 \(l1), l2 \(l2)")
        self.l1 = l1
        self.l2 = l2
    }

    /// l1·Σ|w| (sparsity; the subgradient at 0 is taken as 0).
    public static func l1(_ strength: Float) -> Regularizer { Regularizer(l1: strength) }
    /// l2·Σw² (Keras' `l2`, default 0.01 there).
    public static func l2(_ strength: Float) -> Regularizer { Regularizer(l2: strength) }
    /// Both penalties (Keras' `l1_l2`).
    public static func l1l2(l1: Float, l2: Float) -> Regularizer { Regularizer(l1: l1, l2: l2) }
    /// The course's λ/(2N)·Σw² for N training samples.
    public static func l2(lambda: Float, sampleCount: Int) -> Regularizer {
        precondition(sampleCount > 0, "Regularizer.l2(lambda:sampleCount:): sampleCount must be positive, got \(sampleCount)")
        return Regularizer(l2: lambda / (2 * Float(sampleCount)))
    }
    /// The penalty whose gradient is PyTorch's `weight_decay` term wd·w: ½·wd·Σw².
    public static func l2(weightDecay: Float) -> Regularizer { Regularizer(l2: weightDecay / 2) }

    /// True when the penalty is identically zero.
    public var isZero: Bool { l1 == 0 && l2 == 0 }

    /// The penalty of `weight` (a scalar on the tape when `weight` is tracked).
    public func penalty(_ weight: Tensor) -> Tensor {
        var total = Tensor(0)
        if l1 != 0 { total = total + l1 * weight.abs().sum() }
        if l2 != 0 { total = total + l2 * weight.squared().sum() }
        return total
    }

    public var description: String {
        switch (l1, l2) {
        case (0, _): return "l2(\(l2))"
        case (_, 0): return "l1(\(l1))"
        default: return "l1l2(l1: \(l1), l2: \(l2))"
        }
    }
}

extension MetricKey {
    /// The mean regularization penalty of an epoch's batches (not part of `loss`).
    public static let penalty: MetricKey = "penalty"
}
