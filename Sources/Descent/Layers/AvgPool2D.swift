/// Average pooling over NHWC batches: the mean of each window, per channel.
///
///     y[n,i,j,c] = (1/|W|) Σ_{(u,v) ∈ window} x[n, i·s_h − p_top + u, j·s_w − p_left + v, c]
///
/// |W| = k_h·k_w when `countIncludesPadding` (PyTorch's default), else the number of window
/// positions inside the input (Keras' `padding="same"`). `stride` defaults to the window size.
public final class AvgPool2D: Layer {
    public let size: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: Padding
    public let countIncludesPadding: Bool
    public var isTraining = true

    public init(size: (Int, Int), stride: (Int, Int)? = nil, padding: Padding = .valid, countIncludesPadding: Bool = true) {
        PoolingPlan.validate("AvgPool2D", size: size, stride: stride ?? size, padding: padding)
        self.size = size
        self.stride = stride ?? size
        self.padding = padding
        self.countIncludesPadding = countIncludesPadding
    }

    /// A square window; the stride defaults to the window size.
    public convenience init(size: Int = 2, stride: Int? = nil, padding: Padding = .valid, countIncludesPadding: Bool = true) {
        self.init(size: (size, size), stride: stride.map { ($0, $0) }, padding: padding, countIncludesPadding: countIncludesPadding)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.averagePooled2D(size: size, stride: stride, padding: padding, countIncludesPadding: countIncludesPadding)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        try PoolingPlan.outputShape(summaryName, forInput: shape, size: size, stride: stride, padding: padding)
    }

    public var summaryName: String { "AvgPool2D(\(size.height)×\(size.width))" }
}
