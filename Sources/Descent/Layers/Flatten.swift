/// Each sample as one vector: [N, d₁, …, d_k] → [N, d₁·…·d_k].
///
/// The order is row-major over the sample's axes, so an NHWC image flattens as (h, w, c), as in
/// Keras with `channels_last`; PyTorch's `Flatten` on NCHW gives (c, h, w) order.
public final class Flatten: Layer {
    public var isTraining = true

    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1, "Flatten: needs a batch axis, got a scalar")
        return input.reshaped(to: [input.shape[0], input.count / Swift.max(input.shape[0], 1)])
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] { [shape.elementCount] }
}
