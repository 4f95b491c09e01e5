/// Dropout of whole feature maps: for NHWC input [N, H, W, C], each (sample, channel) pair
/// is dropped with probability p, all H·W positions together, and kept maps are scaled by
/// 1/(1 − p) (Tompson et al., 2015; Keras' `SpatialDropout2D`, PyTorch's `Dropout2d` for
/// NCHW). Neighbouring pixels are strongly correlated, so per-element dropout barely
/// regularizes convolutions; dropping channels does. The identity in inference.
public final class SpatialDropout2D: StochasticLayer {
    /// p, the probability of dropping a channel of a sample.
    public let rate: Float
    public var isTraining = true
    public var isActiveInInference = false
    public var generator: RandomGenerator

    public init(rate: Float, generator: RandomGenerator = .default) {
        precondition(rate >= 0 && rate < 1, "SpatialDropout2D: rate must lie in [0, 1), got \(rate)")
        self.rate = rate
        self.generator = generator
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4, "SpatialDropout2D: expects NHWC input [N, H, W, C], got shape \(input.shape)")
        guard isStochastic, rate > 0 else { return input }
        let maskShape = [input.shape[0], 1, 1, input.shape[3]]
        return input * Tensor.dropoutMask(maskShape, rate: rate, keptValue: 1 / (1 - rate), generator: generator)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 3 else { throw DescentError.shapeMismatch(layer: summaryName, expected: "[H, W, C]", actual: shape) }
        return shape
    }

    public var summaryName: String { "SpatialDropout2D(\(rate))" }
}
