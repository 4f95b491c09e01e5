import DescentKernels

/// A 2-D convolution layer: `y = activation(conv(x, W) + b)` on NHWC batches.
///
///     y[n,i,j,o] = b[o] + Σ_{u,v,c} x[n, i·s_h − p_top + u·d_h, j·s_w − p_left + v·d_w, c] · W[u,v,c,o]
///     H_out = ⌊(H + p_top + p_bottom − d_h·(k_h − 1) − 1)/s_h⌋ + 1   (likewise W_out)
///
/// Layout: inputs are NHWC [N, H, W, C_in] (Keras' default `channels_last`), the kernel `weight`
/// is HWIO [k_h, k_w, C_in/groups, C_out] (Keras' kernel layout). PyTorch uses NCHW data and an
/// OIHW kernel; convert data at the loading boundary with `ImageLayout` and kernels with
/// `permuted([2, 3, 1, 0])`. With `groups` g > 1, input channels and output channels are split
/// into g equal blocks and block k of the output sees only block k of the input (g = C_in is a
/// depthwise convolution).
///
/// Weights start Glorot-uniform with fan_in = k_h·k_w·C_in/g and fan_out = k_h·k_w·C_out, the bias
/// at zero (Keras; PyTorch draws both from U(±1/√fan_in)). Defaults `stride 1, padding .valid,
/// dilation 1` are both libraries'.
///
/// ```swift
/// let conv = Conv2D(inputChannels: 1, outputChannels: 32, kernelSize: 3, padding: .same, activation: .relu)
/// let y = conv(Tensor.zeros([8, 28, 28, 1]))   // [8, 28, 28, 32]
/// ```
public final class Conv2D: Layer {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: Padding
    public let dilation: (height: Int, width: Int)
    public let groups: Int
    /// The kernel, HWIO [k_h, k_w, C_in/groups, C_out].
    public let weight: Parameter
    public let bias: Parameter?
    public var activation: Activation
    public var isTraining = true

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: Padding = .valid, dilation: (Int, Int) = (1, 1), groups: Int = 1,
        activation: Activation = .linear, useBias: Bool = true,
        weightInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
        generator: RandomGenerator = .default
    ) {
        precondition(inputChannels > 0 && outputChannels > 0, "Conv2D: channel counts must be positive, got \(inputChannels)→\(outputChannels)")
        precondition(groups > 0 && inputChannels % groups == 0 && outputChannels % groups == 0,
                     "Conv2D: groups \(groups) must divide both \(inputChannels) input and \(outputChannels) output channels")
        validateWindow("Conv2D", kernel: kernelSize, stride: stride, dilation: dilation, padding: padding)
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.activation = activation
        weight = Parameter(weightInitializer.make([kernelSize.0, kernelSize.1, inputChannels / groups, outputChannels], generator: generator))
        bias = useBias ? Parameter(biasInitializer.make([outputChannels], generator: generator)) : nil
    }

    /// A square kernel with equal strides and dilations.
    public convenience init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Padding = .valid,
        dilation: Int = 1, groups: Int = 1, activation: Activation = .linear, useBias: Bool = true,
        generator: RandomGenerator = .default
    ) {
        self.init(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: (kernelSize, kernelSize),
                  stride: (stride, stride), padding: padding, dilation: (dilation, dilation), groups: groups,
                  activation: activation, useBias: useBias, generator: generator)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4 && input.shape[3] == inputChannels,
                     "\(summaryName): input shape \(input.shape) is not NHWC [N, H, W, \(inputChannels)]")
        let rectified = activation == .relu
        let output = input.convolved2D(with: weight.tracked, bias: bias?.tracked, stride: stride, padding: padding,
                                       dilation: dilation, groups: groups, rectified: rectified)
        return rectified ? output : activation(output)
    }

    public var namedParameters: [(String, Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 3, shape[2] == inputChannels,
              let geometry = WindowGeometry(height: shape[0], width: shape[1], kernel: kernelSize, stride: stride,
                                            dilation: dilation, padding: padding) else {
            throw DescentError.shapeMismatch(layer: summaryName, expected: "[H, W, \(inputChannels)] with room for the kernel", actual: shape)
        }
        return [geometry.outputHeight, geometry.outputWidth, outputChannels]
    }

    public var summaryName: String {
        var parts = ["\(inputChannels)→\(outputChannels)", "\(kernelSize.height)×\(kernelSize.width)"]
        if stride != (1, 1) { parts.append("stride \(stride.height)×\(stride.width)") }
        switch padding {
        case .valid: break
        case .same: parts.append("same")
        case let .explicit(t, b, l, r): parts.append("pad \(t),\(b),\(l),\(r)")
        }
        if dilation != (1, 1) { parts.append("dilation \(dilation.height)×\(dilation.width)") }
        if groups > 1 { parts.append("groups \(groups)") }
        if activation != .linear { parts.append(activation.name) }
        return "Conv2D(\(parts.joined(separator: ", ")))"
    }
}
