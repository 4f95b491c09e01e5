/// Max pooling over NHWC batches: the largest value of each window, per channel.
///
///     y[n,i,j,c] = max_{0 ≤ u < k_h, 0 ≤ v < k_w} x[n, i·s_h − p_top + u, j·s_w − p_left + v, c]
///
/// `stride` defaults to the window size (PyTorch and Keras). Padding never wins a window, as in
/// both libraries; explicit padding may be at most half the window on each side.
public final class MaxPool2D: Layer {
    public let size: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: Padding
    public var isTraining = true

    public init(size: (Int, Int), stride: (Int, Int)? = nil, padding: Padding = .valid) {
        PoolingPlan.validate("MaxPool2D", size: size, stride: stride ?? size, padding: padding)
        self.size = size
        self.stride = stride ?? size
        self.padding = padding
    }

    /// A square window; the stride defaults to the window size.
    public convenience init(size: Int = 2, stride: Int? = nil, padding: Padding = .valid) {
        self.init(size: (size, size), stride: stride.map { ($0, $0) }, padding: padding)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.maxPooled2D(size: size, stride: stride, padding: padding)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        try PoolingPlan.outputShape(summaryName, forInput: shape, size: size, stride: stride, padding: padding)
    }

    public var summaryName: String { "MaxPool2D(\(size.height)×\(size.width))" }
}
