/// The windows of a 2-D pooling over an NHWC input (see `Tensor.maxPooled2D`).
struct PoolingPlan {
    let geometry: WindowGeometry
    let batch: Int, channels: Int

    /// Checks the input and the window, naming `op`; padding may be at most half the window on
    /// each side (PyTorch's rule), so that every window overlaps the input.
    init(_ input: Tensor, _ op: String, size: (Int, Int), stride: (Int, Int), padding: Padding) {
        precondition(input.rank == 4, "\(op): needs an NHWC input [N, H, W, C], got shape \(input.shape)")
        PoolingPlan.validate(op, size: size, stride: stride, padding: padding)
        guard let geometry = WindowGeometry(height: input.shape[1], width: input.shape[2], kernel: size, stride: stride,
                                            dilation: (1, 1), padding: padding) else {
            preconditionFailure("\(op): window \(size) with padding \(padding) does not fit input shape \(input.shape)")
        }
        self.geometry = geometry
        batch = input.shape[0]
        channels = input.shape[3]
    }

    var outputShape: [Int] { [batch, geometry.outputHeight, geometry.outputWidth, channels] }
    /// Traps, naming `op`, for a window no pooling layer accepts.
    static func validate(_ op: String, size: (Int, Int), stride: (Int, Int), padding: Padding) {
        validateWindow(op, kernel: size, stride: stride, dilation: (1, 1), padding: padding)
        if case let .explicit(t, b, l, r) = padding {
            precondition(Swift.max(t, b) <= size.0 / 2 && Swift.max(l, r) <= size.1 / 2,
                         "\(op): padding \(padding) exceeds half the window \(size)")
        }
    }

    /// The output shape of one [H, W, C] sample, or a shape error naming `layer`.
    static func outputShape(_ layer: String, forInput shape: [Int], size: (Int, Int), stride: (Int, Int), padding: Padding) throws -> [Int] {
        guard shape.count == 3, let geometry = WindowGeometry(height: shape[0], width: shape[1], kernel: size, stride: stride,
                                                              dilation: (1, 1), padding: padding) else {
            throw DescentError.shapeMismatch(layer: layer, expected: "[H, W, C] with room for the window", actual: shape)
        }
        return [geometry.outputHeight, geometry.outputWidth, shape[2]]
    }

    /// Whether the windows tile the input: stride = window, no padding before the first window.
    /// Every window then lies inside the input and each input element is in at most one window
    /// (rows and columns past the last window are in none). Windows of more than 254 elements
    /// do not count: `maxPooledByTiles` stores a winner's place in one byte.
    var isTiling: Bool {
        let g = geometry
        return g.kernelHeight * g.kernelWidth < 255 && g.strideHeight == g.kernelHeight && g.strideWidth == g.kernelWidth && g.padTop == 0 && g.padLeft == 0
            && g.outputHeight * g.kernelHeight <= g.inputHeight && g.outputWidth * g.kernelWidth <= g.inputWidth
    }

    var outputsPerSample: Int { geometry.outputHeight * geometry.outputWidth * channels }
    var outputCount: Int { batch * outputsPerSample }

    /// Calls `body(outputOffset, inputOffsets)` for each window of `sample`: the offset of its
    /// output pixel and those of the input pixels inside it (channel 0 of each).
    @inline(__always)
    func forEachWindow(sample: Int, _ body: (Int, [Int]) -> Void) {
        let g = geometry
        var inputOffsets: [Int] = []
        inputOffsets.reserveCapacity(g.kernelHeight * g.kernelWidth)
        for i in 0..<g.outputHeight {
            for j in 0..<g.outputWidth {
                inputOffsets.removeAll(keepingCapacity: true)
                for u in 0..<g.kernelHeight {
                    let y = i * g.strideHeight - g.padTop + u
                    guard y >= 0 && y < g.inputHeight else { continue }
                    for v in 0..<g.kernelWidth {
                        let x = j * g.strideWidth - g.padLeft + v
                        guard x >= 0 && x < g.inputWidth else { continue }
                        inputOffsets.append(((sample * g.inputHeight + y) * g.inputWidth + x) * channels)
                    }
                }
                body(((sample * g.outputHeight + i) * g.outputWidth + j) * channels, inputOffsets)
            }
        }
    }
}
