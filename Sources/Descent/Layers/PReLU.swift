/// Parametric ReLU (He et al., 2015) with a learnable slope for negative inputs:
///
///     y = max(x, 0) + α·min(x, 0)        ∂y/∂x = 1 or α        ∂y/∂α = min(x, 0)
///
/// One shared α by default, starting at 0.25 (PyTorch's `PReLU()`); `channelCount: C` learns
/// one α per entry of the last axis (a channel of NHWC maps, a feature of [N, F]). Keras'
/// `PReLU` learns one α per feature starting at 0: `PReLU(channelCount: F, initialValue: 0)`.
public final class PReLU: Layer {
    /// α, shape [1] or [C].
    public let alpha: Parameter
    public var isTraining = true

    public init(channelCount: Int? = nil, initialValue: Float = 0.25) {
        precondition((channelCount ?? 1) > 0, "PReLU: channelCount must be positive, got \(channelCount ?? 0)")
        alpha = Parameter(.full([channelCount ?? 1], initialValue))
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        let channels = alpha.value.count
        precondition(channels == 1 || input.shape.last == channels,
                     "PReLU(\(channels) channels): input shape \(input.shape) does not end in \(channels)")
        let positive = input.relu()
        return positive + alpha.tracked * (input - positive)
    }

    public var namedParameters: [(String, Parameter)] { [("weight", alpha)] }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        let channels = alpha.value.count
        guard channels == 1 || shape.last == channels else {
            throw DescentError.shapeMismatch(layer: summaryName, expected: "[…, \(channels)]", actual: shape)
        }
        return shape
    }

    public var summaryName: String { alpha.value.count == 1 ? "PReLU" : "PReLU(\(alpha.value.count))" }
}
