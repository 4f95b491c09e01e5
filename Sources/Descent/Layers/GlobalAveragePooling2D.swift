/// The mean over all spatial positions of an NHWC batch: [N, H, W, C] → [N, C].
///
///     y[n,c] = (1/(H·W)) Σ_{i,j} x[n,i,j,c]
///
/// Keras' `GlobalAveragePooling2D`; PyTorch writes `AdaptiveAvgPool2d(1)` followed by `flatten(1)`.
public final class GlobalAveragePooling2D: Layer {
    public var isTraining = true

    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4, "GlobalAveragePooling2D: input shape \(input.shape) is not NHWC [N, H, W, C]")
        return input.mean(alongAxes: [1, 2])
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 3, shape[0] > 0, shape[1] > 0 else {
            throw DescentError.shapeMismatch(layer: summaryName, expected: "[H, W, C]", actual: shape)
        }
        return [shape[2]]
    }
}
