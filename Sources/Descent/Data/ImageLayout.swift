/// The axis order of a batch of images. Descent's layers use `channelsLast` (NHWC, Keras'
/// default); PyTorch and many `.npy` exports use `channelsFirst` (NCHW). Convert at the
/// loading boundary:
///
/// ```swift
/// let nhwc = ImageLayout.channelsFirst.toChannelsLast(batch)   // [N, C, H, W] → [N, H, W, C]
/// ```
public enum ImageLayout: String, Codable, Sendable, CaseIterable {
    /// [N, H, W, C]
    case channelsLast
    /// [N, C, H, W]
    case channelsFirst

    /// A rank-4 batch in this layout, as NHWC (differentiable: a permutation).
    public func toChannelsLast(_ images: Tensor) -> Tensor {
        precondition(images.rank == 4, "ImageLayout.toChannelsLast: needs a rank-4 batch, got shape \(images.shape)")
        switch self {
        case .channelsLast: return images
        case .channelsFirst: return images.permuted([0, 2, 3, 1])
        }
    }

    /// An NHWC batch in this layout.
    public func fromChannelsLast(_ images: Tensor) -> Tensor {
        precondition(images.rank == 4, "ImageLayout.fromChannelsLast: needs a rank-4 batch, got shape \(images.shape)")
        switch self {
        case .channelsLast: return images
        case .channelsFirst: return images.permuted([0, 3, 1, 2])
        }
    }
}
