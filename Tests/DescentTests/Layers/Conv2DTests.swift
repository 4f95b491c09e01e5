import Descent
import Testing

/// The convolution by its definition, one output element at a time (NHWC, HWIO).
private func directConvolution(
    _ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: (Int, Int), padTop: Int, padLeft: Int,
    dilation: (Int, Int), groups: Int, outputSize: (Int, Int)
) -> [Float] {
    let (n, h, wd) = (x.shape[0], x.shape[1], x.shape[2])
    let (kh, kw, cg, cout) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let og = cout / groups
    var out: [Float] = []
    for s in 0..<n {
        for i in 0..<outputSize.0 {
            for j in 0..<outputSize.1 {
                for o in 0..<cout {
                    let group = o / og
                    var sum = b?[o] ?? 0
                    for u in 0..<kh {
                        for v in 0..<kw {
                            let y = i * stride.0 - padTop + u * dilation.0
                            let xx = j * stride.1 - padLeft + v * dilation.1
                            guard y >= 0, y < h, xx >= 0, xx < wd else { continue }
                            for c in 0..<cg { sum += x[s, y, xx, group * cg + c] * w[u, v, c, o] }
                        }
                    }
                    out.append(sum)
                }
            }
        }
    }
    return out
}

/// One convolution configuration of the tests below.
struct ConvolutionCase: CustomTestStringConvertible, Sendable {
    var input: [Int]            // NHWC
    var kernel: (Int, Int)
    var outputChannels: Int
    var stride: (Int, Int) = (1, 1)
    var padding: Padding = .valid
    var dilation: (Int, Int) = (1, 1)
    var groups = 1
    /// Padding above and to the left, and the output size, worked out by hand.
    var padTopLeft: (Int, Int)
    var outputSize: (Int, Int)

    var testDescription: String { "\(input) k\(kernel) s\(stride) \(padding) d\(dilation) g\(groups)" }

    static let all: [ConvolutionCase] = [
        // valid: (5 − 3)/1 + 1 = 3
        ConvolutionCase(input: [2, 5, 5, 2], kernel: (3, 3), outputChannels: 3, padTopLeft: (0, 0), outputSize: (3, 3)),
        // same, stride 2: out ⌈5/2⌉ = 3, total pad (3−1)·2 + 3 − 5 = 2 → 1 on each side
        ConvolutionCase(input: [2, 5, 5, 2], kernel: (3, 3), outputChannels: 3, stride: (2, 2), padding: .same, padTopLeft: (1, 1), outputSize: (3, 3)),
        // same, stride 2 on 6: out 3, total pad (3−1)·2 + 3 − 6 = 1 → 0 above, 1 below
        ConvolutionCase(input: [1, 6, 6, 1], kernel: (3, 3), outputChannels: 2, stride: (2, 2), padding: .same, padTopLeft: (0, 0), outputSize: (3, 3)),
        // explicit asymmetric padding, rectangular kernel: (4+1+0−2)/1+1 = 4 rows, (5+2+1−3)/2+1 = 3 columns
        ConvolutionCase(input: [2, 4, 5, 3], kernel: (2, 3), outputChannels: 2, stride: (1, 2), padding: .explicit(top: 1, bottom: 0, left: 2, right: 1), padTopLeft: (1, 2), outputSize: (4, 3)),
        // dilation 2: extent 2·(3−1)+1 = 5, valid on 7 → 3
        ConvolutionCase(input: [1, 7, 7, 2], kernel: (3, 3), outputChannels: 2, dilation: (2, 2), padTopLeft: (0, 0), outputSize: (3, 3)),
        // same with dilation 2: extent 5, total pad 4 → 2 on each side
        ConvolutionCase(input: [1, 6, 6, 1], kernel: (3, 3), outputChannels: 2, padding: .same, dilation: (2, 2), padTopLeft: (2, 2), outputSize: (6, 6)),
        // two groups: 4 input channels, 4 outputs, each group 2→2
        ConvolutionCase(input: [2, 5, 5, 4], kernel: (3, 3), outputChannels: 4, padding: .uniform(1), groups: 2, padTopLeft: (1, 1), outputSize: (5, 5)),
        // depthwise (3 groups of one channel), MobileNet's stride 2 and padding 1: ⌊(7 + 2 − 3)/2⌋ + 1 = 4, ⌊(6 + 2 − 3)/2⌋ + 1 = 3
        ConvolutionCase(input: [3, 7, 6, 3], kernel: (3, 3), outputChannels: 3, stride: (2, 2), padding: .uniform(1), groups: 3, padTopLeft: (1, 1), outputSize: (4, 3)),
        // pointwise 1×1: the input itself is the im2col matrix
        ConvolutionCase(input: [2, 3, 3, 3], kernel: (1, 1), outputChannels: 4, padTopLeft: (0, 0), outputSize: (3, 3)),
    ]

    func makeLayer(seed: UInt64) -> Conv2D {
        let layer = Conv2D(inputChannels: input[3], outputChannels: outputChannels, kernelSize: kernel, stride: stride,
                           padding: padding, dilation: dilation, groups: groups, generator: RandomGenerator(seed: seed))
        // A nonzero bias, so that the bias path is exercised.
        layer.bias!.value = Tensor.randomNormal([outputChannels], generator: RandomGenerator(seed: seed + 1))
        return layer
    }
}

@Suite("Conv2D")
struct Conv2DTests {
    @Test(arguments: ConvolutionCase.all)
    func forwardMatchesTheDirectLoop(_ c: ConvolutionCase) throws {
        let layer = c.makeLayer(seed: 3)
        let x = Tensor.randomNormal(c.input, generator: RandomGenerator(seed: 4))
        let y = withoutGradients { layer(x) }
        #expect(y.shape == [c.input[0], c.outputSize.0, c.outputSize.1, c.outputChannels])
        #expect(try layer.outputShape(forInput: Array(c.input.dropFirst())) == Array(y.shape.dropFirst()))
        let expected = directConvolution(x, layer.weight.value, layer.bias!.value, stride: c.stride, padTop: c.padTopLeft.0,
                                         padLeft: c.padTopLeft.1, dilation: c.dilation, groups: c.groups, outputSize: c.outputSize)
        expectClose(y.scalars, expected, relative: 1e-4, absolute: 1e-5)
    }

    @Test(arguments: ConvolutionCase.all)
    func gradientsMatchFiniteDifferences(_ c: ConvolutionCase) {
        let layer = c.makeLayer(seed: 5)
        let x = randomParameter(c.input, seed: 6)
        expectGradientsMatch([("input", x), ("weight", layer.weight), ("bias", layer.bias!)]) { layer(x.tracked) }
    }

    @Test func activationIsAppliedAfterTheBias() {
        let layer = Conv2D(inputChannels: 1, outputChannels: 1, kernelSize: 1, activation: .relu)
        layer.weight.value = Tensor(shape: [1, 1, 1, 1], scalars: [2])
        layer.bias!.value = Tensor([-1])
        let y = layer(Tensor(shape: [1, 1, 3, 1], scalars: [0, 0.5, 2]))
        #expect(y.scalars == [0, 0, 3])  // relu(2x − 1)
    }

    @Test func weightsAreGlorotUniformWithConvolutionFans() {
        let layer = Conv2D(inputChannels: 8, outputChannels: 16, kernelSize: 3, generator: RandomGenerator(seed: 1))
        // fan_in = 3·3·8 = 72, fan_out = 3·3·16 = 144: limit √(6/216) = 1/6
        let limit: Float = 1.0 / 6.0
        let magnitudes = layer.weight.value.scalars.map { Swift.abs($0) }
        #expect(layer.weight.value.shape == [3, 3, 8, 16])
        #expect(magnitudes.max()! <= limit)
        #expect(magnitudes.max()! > 0.95 * limit)
        #expect(layer.bias!.value.scalars.allSatisfy { $0 == 0 })
    }

    /// torchvision's strided layers: 3×3 stride 2 padding 1 (MobileNetV2, ResNet's downsampling) and
    /// the 7×7 stride 2 padding 3 stem. PyTorch: H_out = ⌊(H + 2p − d·(k − 1) − 1)/s⌋ + 1, which
    /// for both is ⌊(H − 1)/2⌋ + 1: 224 → 112, 7 → 4, 8 → 4, 33 → 17, 1 → 1.
    @Test(arguments: [(224, 112), (7, 4), (8, 4), (33, 17), (1, 1)])
    func stridedOutputShapesFollowPyTorch(size: Int, expected: Int) throws {
        for (kernel, padding) in [(3, 1), (7, 3)] {
            #expect((size + 2 * padding - (kernel - 1) - 1) / 2 + 1 == expected)
            let layer = Conv2D(inputChannels: 3, outputChannels: 2, kernelSize: kernel, stride: 2, padding: .uniform(padding))
            #expect(try layer.outputShape(forInput: [size, size + 1, 3]) == [expected, (size + 1 - 1) / 2 + 1, 2])
            if size < 100 { #expect(layer(Tensor.zeros([1, size, size, 3])).shape == [1, expected, expected, 2]) }
        }
    }

    @Test func outputShapeNamesTheLayerOnMismatch() {
        let layer = Conv2D(inputChannels: 3, outputChannels: 4, kernelSize: 5)
        #expect(throws: DescentError.shapeMismatch(layer: "Conv2D(3→4, 5×5)", expected: "[H, W, 3] with room for the kernel", actual: [4, 4, 3])) {
            try layer.outputShape(forInput: [4, 4, 3])
        }
        #expect(throws: DescentError.self) { try layer.outputShape(forInput: [8, 8, 1]) }
        #expect(throws: DescentError.self) { try layer.outputShape(forInput: [8, 8]) }
        #expect(layer.parameters.map(\.path) == ["weight", "bias"])
    }
}
