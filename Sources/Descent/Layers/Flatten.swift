/// Each sample as one vector: [N, d₁, …, d_k] → [N, d₁·…·d_k].
///
/// The order is row-major over the sample's axes, so an NHWC image flattens as (h, w, c), as in
/// Keras with `channels_last`. With `order: .channelsFirst` an image [N, H, W, C] flattens as
/// (c, h, w), as PyTorch's `torch.flatten(x, 1)` does on NCHW: the layer a PyTorch classifier's
/// first `Linear` expects (VGG's `classifier.0`), so its weights load without reordering.
public final class Flatten: Layer {
    /// The order of a flattened image's values.
    public enum Order: String, Sendable { case channelsLast = "channels_last", channelsFirst = "channels_first" }

    public let order: Order
    public var isTraining = true

    public init(order: Order = .channelsLast) { self.order = order }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1, "Flatten: needs a batch axis, got a scalar")
        let ordered = order == .channelsFirst && input.rank == 4 ? input.permuted([0, 3, 1, 2]) : input
        return ordered.reshaped(to: [input.shape[0], input.count / Swift.max(input.shape[0], 1)])
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] { [shape.elementCount] }

    public var summaryName: String { order == .channelsFirst ? "Flatten(channels first)" : "Flatten" }
}
