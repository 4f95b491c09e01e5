/// Average pooling to a fixed output size for any input size: [H, W, C] → [H_out, W_out, C].
///
///     y[n,i,j,c] = mean of x[n, h, w, c] over h ∈ ⌊i·H/H_out⌋ ..< ⌈(i + 1)·H/H_out⌉,
///                                         w ∈ ⌊j·W/W_out⌋ ..< ⌈(j + 1)·W/W_out⌉
///
/// PyTorch's `AdaptiveAvgPool2d` (same bins; see `Tensor.adaptiveAveragePooled2D`). torchvision's
/// VGG pools to 7×7 before its classifier whatever the image size; `outputSize: 1` is
/// `GlobalAveragePooling2D` without the flattening.
public final class AdaptiveAvgPool2D: Layer {
    public let outputSize: (height: Int, width: Int)
    public var isTraining = true

    public init(outputSize: (Int, Int)) {
        precondition(outputSize.0 > 0 && outputSize.1 > 0, "AdaptiveAvgPool2D: output size must be positive, got \(outputSize)")
        self.outputSize = outputSize
    }

    /// A square output.
    public convenience init(outputSize: Int) { self.init(outputSize: (outputSize, outputSize)) }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.adaptiveAveragePooled2D(outputSize: outputSize)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 3, shape[0] > 0, shape[1] > 0 else {
            throw DescentError.shapeMismatch(layer: summaryName, expected: "[H, W, C]", actual: shape)
        }
        return [outputSize.height, outputSize.width, shape[2]]
    }

    public var summaryName: String { "AdaptiveAvgPool2D(\(outputSize.height)×\(outputSize.width))" }
}
