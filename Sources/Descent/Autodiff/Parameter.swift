/// A trainable tensor with identity: optimizer state, freezing and weight tying refer to it.
///
/// Layers read a parameter through `tracked`, which puts it on the tape; `backward()` then adds
/// to `gradient`. A parameter whose `isTrainable` is false is read as a constant.
public final class Parameter {
    /// The current value; optimizers write it in place.
    public var value: Tensor
    /// ∂L/∂value accumulated since the last `zeroGradient()`; nil when nothing flowed in.
    public var gradient: Tensor?
    /// False freezes the parameter: it gets no gradient and no update.
    public var isTrainable: Bool

    public init(_ value: Tensor, isTrainable: Bool = true) {
        self.value = value.detached()
        self.isTrainable = isTrainable
    }

    /// The value, on the tape when gradients are enabled and the parameter is trainable.
    public var tracked: Tensor {
        guard GradientMode.isEnabled, isTrainable else { return value }
        var result = value
        result.node = TapeNode(leafFor: self)
        return result
    }

    /// Forgets the accumulated gradient.
    public func zeroGradient() { gradient = nil }

    func accumulateGradient(_ incoming: Tensor) {
        precondition(incoming.shape == value.shape,
                     "backward(): gradient shape \(incoming.shape) does not match parameter shape \(value.shape)")
        if gradient == nil {
            gradient = incoming.detached()
        } else {
            gradient!.scalars.withUnsafeMutableBufferPointer { sum in
                incoming.scalars.withUnsafeBufferPointer { add in
                    for i in sum.indices { sum[i] += add[i] }
                }
            }
        }
    }
}
