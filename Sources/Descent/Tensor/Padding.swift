/// How a convolution or pooling window treats the border of its input.
///
///     valid      no padding: output = ⌊(in − e)/s⌋ + 1, e = d·(k − 1) + 1 (the window's extent)
///     same       output = ⌈in/s⌉; the total padding max((out − 1)·s + e − in, 0) is split with
///                the extra row or column at the bottom/right (TensorFlow and Keras; PyTorch's
///                `padding='same'`, which it allows only for stride 1, agrees)
///     explicit   the given rows and columns of zeros on each side (PyTorch's `padding=(p, q)`
///                is `.explicit(top: p, bottom: p, left: q, right: q)`)
public enum Padding: Equatable, Codable, Sendable {
    case valid
    case same
    case explicit(top: Int, bottom: Int, left: Int, right: Int)

    /// The same amount of padding on all four sides.
    public static func uniform(_ amount: Int) -> Padding {
        .explicit(top: amount, bottom: amount, left: amount, right: amount)
    }
}

/// Sizes and offsets of a 2-D sliding window over an NHWC input (convolution and pooling).
struct WindowGeometry: Equatable {
    var inputHeight: Int, inputWidth: Int
    var kernelHeight: Int, kernelWidth: Int
    var strideHeight: Int, strideWidth: Int
    var dilationHeight: Int, dilationWidth: Int
    /// Rows of padding above the input and columns to its left; window (i, j) starts at input
    /// row i·strideHeight − padTop and column j·strideWidth − padLeft.
    var padTop: Int, padLeft: Int
    var outputHeight: Int, outputWidth: Int

    /// Resolves `padding` for an input of `height`×`width`; nil when no window fits.
    init?(height: Int, width: Int, kernel: (Int, Int), stride: (Int, Int), dilation: (Int, Int), padding: Padding) {
        let extentHeight = dilation.0 * (kernel.0 - 1) + 1
        let extentWidth = dilation.1 * (kernel.1 - 1) + 1
        let (top, bottom, left, right): (Int, Int, Int, Int)
        switch padding {
        case .valid:
            (top, bottom, left, right) = (0, 0, 0, 0)
        case .same:
            let outHeight = (height + stride.0 - 1) / stride.0
            let outWidth = (width + stride.1 - 1) / stride.1
            let padHeight = Swift.max((outHeight - 1) * stride.0 + extentHeight - height, 0)
            let padWidth = Swift.max((outWidth - 1) * stride.1 + extentWidth - width, 0)
            (top, bottom, left, right) = (padHeight / 2, padHeight - padHeight / 2, padWidth / 2, padWidth - padWidth / 2)
        case let .explicit(t, b, l, r):
            (top, bottom, left, right) = (t, b, l, r)
        }
        let paddedHeight = height + top + bottom, paddedWidth = width + left + right
        guard height > 0, width > 0, paddedHeight >= extentHeight, paddedWidth >= extentWidth else { return nil }
        inputHeight = height
        inputWidth = width
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (dilationHeight, dilationWidth) = dilation
        padTop = top
        padLeft = left
        outputHeight = (paddedHeight - extentHeight) / stride.0 + 1
        outputWidth = (paddedWidth - extentWidth) / stride.1 + 1
    }
}

/// Checks the hyperparameters shared by convolution and pooling layers, naming the layer.
func validateWindow(_ layer: String, kernel: (Int, Int), stride: (Int, Int), dilation: (Int, Int), padding: Padding) {
    precondition(kernel.0 > 0 && kernel.1 > 0, "\(layer): kernel size must be positive, got \(kernel)")
    precondition(stride.0 > 0 && stride.1 > 0, "\(layer): stride must be positive, got \(stride)")
    precondition(dilation.0 > 0 && dilation.1 > 0, "\(layer): dilation must be positive, got \(dilation)")
    if case let .explicit(t, b, l, r) = padding {
        precondition(t >= 0 && b >= 0 && l >= 0 && r >= 0, "\(layer): padding must not be negative, got \(padding)")
    }
}
