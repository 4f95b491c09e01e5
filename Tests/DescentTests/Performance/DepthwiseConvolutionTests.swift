@testable import Descent
import Testing

/// Depthwise shapes (groups = C_in = C_out) for the direct path against im2col, with the output
/// size and top-left padding worked out by hand. Channel counts 3, 5, 19 and 24 leave a tail
/// after the blocks of 16 lanes.
private let depthwiseCases: [ConvolutionCase] = [
    // valid: (7 − 3) + 1 = 5 rows, (9 − 3) + 1 = 7 columns
    ConvolutionCase(input: [1, 7, 9, 19], kernel: (3, 3), outputChannels: 19, groups: 19, padTopLeft: (0, 0), outputSize: (5, 7)),
    // same, stride 2 on 8: out 4, total pad (4 − 1)·2 + 3 − 8 = 1 → 0 above, 1 below
    ConvolutionCase(input: [3, 8, 8, 32], kernel: (3, 3), outputChannels: 32, stride: (2, 2), padding: .same, groups: 32,
                    padTopLeft: (0, 0), outputSize: (4, 4)),
    // MobileNet's stride-2 layer on odd sizes: ⌊(9 + 2 − 3)/2⌋ + 1 = 5, ⌊(7 + 2 − 3)/2⌋ + 1 = 4
    ConvolutionCase(input: [3, 9, 7, 19], kernel: (3, 3), outputChannels: 19, stride: (2, 2), padding: .uniform(1), groups: 19,
                    padTopLeft: (1, 1), outputSize: (5, 4)),
    // asymmetric padding, rectangular kernel: 6 + 2 − 3 + 1 = 6 rows, ⌊(7 + 4 − 2)/2⌋ + 1 = 5 columns
    ConvolutionCase(input: [2, 6, 7, 5], kernel: (3, 2), outputChannels: 5, stride: (1, 2), padding: .explicit(top: 2, bottom: 0, left: 1, right: 3),
                    groups: 5, padTopLeft: (2, 1), outputSize: (6, 5)),
    // dilation 2, same: extent 5, total pad 4 → 2 on each side
    ConvolutionCase(input: [1, 9, 9, 3], kernel: (3, 3), outputChannels: 3, padding: .same, dilation: (2, 2), groups: 3,
                    padTopLeft: (2, 2), outputSize: (9, 9)),
    // stride 2 and dilation 2: ⌊(10 + 4 − 5)/2⌋ + 1 = 5
    ConvolutionCase(input: [3, 10, 10, 24], kernel: (3, 3), outputChannels: 24, stride: (2, 2), padding: .uniform(2), dilation: (2, 2),
                    groups: 24, padTopLeft: (2, 2), outputSize: (5, 5)),
    // 5×5 kernel (MobileNetV3, EfficientNet)
    ConvolutionCase(input: [3, 5, 5, 16], kernel: (5, 5), outputChannels: 16, padding: .uniform(2), groups: 16, padTopLeft: (2, 2), outputSize: (5, 5)),
    // padding wider than the kernel: whole windows lie in the padding and see only the bias;
    // ⌊(4 + 5 − 2)/2⌋ + 1 = 4 rows, 3 + 7 − 2 + 1 = 9 columns
    ConvolutionCase(input: [2, 4, 3, 2], kernel: (2, 2), outputChannels: 2, stride: (2, 1), padding: .explicit(top: 3, bottom: 2, left: 3, right: 4),
                    groups: 2, padTopLeft: (3, 3), outputSize: (4, 9)),
    // 128 output rows of 16·48 values: several row blocks over the threads, 32 kernel-gradient chunks
    ConvolutionCase(input: [8, 16, 16, 48], kernel: (3, 3), outputChannels: 48, padding: .uniform(1), groups: 48, padTopLeft: (1, 1), outputSize: (16, 16)),
]

/// The outputs and the gradients of input, kernel and bias of one run for the seed G.
private struct Results {
    var output: [Float], input: [Float], kernel: [Float], bias: [Float]

    init(_ c: ConvolutionCase, layer: Conv2D, x: Parameter, seed g: Tensor, rectified: Bool, lowering: Tensor.ConvolutionLowering?) {
        let parameters = [x, layer.weight, layer.bias!]
        parameters.forEach { $0.zeroGradient() }
        let y = x.tracked.convolved2D(with: layer.weight.tracked, bias: layer.bias!.tracked, stride: c.stride, padding: c.padding,
                                      dilation: c.dilation, groups: c.groups, rectified: rectified, lowering: lowering)
        y.backward(seed: g)
        (output, input, kernel, bias) = (y.scalars, x.gradient!.scalars, layer.weight.gradient!.scalars, layer.bias!.gradient!.scalars)
    }
}

/// ∂L/∂w[u,v,0,c] = Σ_{n,i,j} ∂L/∂z[n,i,j,c]·x[n, i·s_h − p_top + u·d_h, j·s_w − p_left + v·d_w, c] by its
/// definition in Double, ∂L/∂z = G ⊙ [y > 0] when `gate` holds y, with the sum of |terms| of each
/// value: the scale of its rounding error (thousands of terms that largely cancel).
private func kernelGradientByDefinition(_ c: ConvolutionCase, x: [Float], seed g: [Float], gate: [Float]?) -> (values: [Double], scale: [Double]) {
    let (n, h, w, channels) = (c.input[0], c.input[1], c.input[2], c.input[3])
    var values = [Double](repeating: 0, count: c.kernel.0 * c.kernel.1 * channels), scale = values
    for s in 0..<n {
        for i in 0..<c.outputSize.0 {
            for j in 0..<c.outputSize.1 {
                for u in 0..<c.kernel.0 {
                    for v in 0..<c.kernel.1 {
                        let y = i * c.stride.0 - c.padTopLeft.0 + u * c.dilation.0
                        let column = j * c.stride.1 - c.padTopLeft.1 + v * c.dilation.1
                        guard y >= 0, y < h, column >= 0, column < w else { continue }
                        for channel in 0..<channels {
                            let k = ((s * c.outputSize.0 + i) * c.outputSize.1 + j) * channels + channel
                            let dz = gate.map { $0[k] > 0 ? Double(g[k]) : 0 } ?? Double(g[k])
                            let term = dz * Double(x[((s * h + y) * w + column) * channels + channel])
                            values[(u * c.kernel.1 + v) * channels + channel] += term
                            scale[(u * c.kernel.1 + v) * channels + channel] += abs(term)
                        }
                    }
                }
            }
        }
    }
    return (values, scale)
}

@Suite struct DepthwiseConvolutionTests {
    static let arguments = depthwiseCases.flatMap { c in [false, true].map { (c, $0) } }

    /// The direct path (taken by default) against im2col and one GEMM per group: the same
    /// values and gradients within rounding (∂L/∂w, long sums that cancel, against its definition
    /// within 10⁻⁵ of the sum of |terms|), the default bit for bit the direct path.
    @Test(arguments: arguments)
    func directPathMatchesTheGroupedColumns(_ c: ConvolutionCase, rectified: Bool) {
        let layer = c.makeLayer(seed: 31)
        let x = randomParameter(c.input, seed: 32)
        let g = Tensor.randomNormal([c.input[0], c.outputSize.0, c.outputSize.1, c.outputChannels], generator: RandomGenerator(seed: 33))
        let direct = Results(c, layer: layer, x: x, seed: g, rectified: rectified, lowering: .depthwise)
        let columns = Results(c, layer: layer, x: x, seed: g, rectified: rectified, lowering: .columns)
        let automatic = Results(c, layer: layer, x: x, seed: g, rectified: rectified, lowering: nil)
        expectClose(direct.output, columns.output, relative: 1e-5, absolute: 1e-5)
        expectClose(direct.input, columns.input, relative: 1e-5, absolute: 1e-5)
        let reference = kernelGradientByDefinition(c, x: x.value.scalars, seed: g.scalars, gate: rectified ? direct.output : nil)
        for kernelGradient in [direct.kernel, columns.kernel] {
            let excess = zip(zip(kernelGradient, reference.values), reference.scale).map { pair, scale in abs(Double(pair.0) - pair.1) - 1e-5 * scale }
            #expect(excess.allSatisfy { $0 <= 1e-6 }, "∂L/∂w: an error exceeds 10⁻⁵·Σ|terms| by \(excess.max()!)")
        }
        #expect(direct.bias == columns.bias)  // both are `outputGradient`'s chunked sum
        #expect([automatic.output, automatic.input, automatic.kernel].map { $0.map(\.bitPattern) }
                == [direct.output, direct.input, direct.kernel].map { $0.map(\.bitPattern) })
        if rectified { #expect(direct.output.contains(0) && direct.output.allSatisfy { $0 >= 0 }) }
    }

    @Test(arguments: [depthwiseCases[2], depthwiseCases[3], depthwiseCases[5], depthwiseCases[7]])
    func gradientsMatchFiniteDifferences(_ c: ConvolutionCase) {
        let layer = c.makeLayer(seed: 34)
        let x = randomParameter(c.input, seed: 35)
        expectGradientsMatch([("input", x), ("weight", layer.weight), ("bias", layer.bias!)]) {
            x.tracked.convolved2D(with: layer.weight.tracked, bias: layer.bias!.tracked, stride: c.stride, padding: c.padding,
                                  dilation: c.dilation, groups: c.groups, rectified: false, lowering: .depthwise).squared()
        }
    }

    /// Data that needs no gradient gets none, and costs nothing: the kernel's and the bias'
    /// gradients are those of the run that tracks it.
    @Test func untrackedInputGetsNoGradient() {
        let c = depthwiseCases[2]
        let layer = c.makeLayer(seed: 36)
        let x = randomParameter(c.input, seed: 37)
        let g = Tensor.randomNormal([c.input[0], c.outputSize.0, c.outputSize.1, c.outputChannels], generator: RandomGenerator(seed: 38))
        let tracked = Results(c, layer: layer, x: x, seed: g, rectified: true, lowering: .depthwise)
        layer.weight.zeroGradient(); layer.bias!.zeroGradient()
        layer.activation = .relu
        layer(x.value).backward(seed: g)
        #expect(layer.weight.gradient!.scalars == tracked.kernel && layer.bias!.gradient!.scalars == tracked.bias)
    }

    @Test func onlyOneKernelPerChannelIsDepthwise() {
        func plan(_ channels: (Int, Int), groups: Int) -> ConvolutionPlan {
            let geometry = WindowGeometry(height: 8, width: 8, kernel: (3, 3), stride: (1, 1), dilation: (1, 1), padding: .same)!
            return ConvolutionPlan(geometry: geometry, batch: 2, inputChannels: channels.0, outputChannels: channels.1, groups: groups)
        }
        #expect(DepthwiseConvolution(plan((32, 32), groups: 32)) != nil)
        #expect(DepthwiseConvolution(plan((32, 64), groups: 32)) == nil)  // channel multiplier 2: im2col
        #expect(DepthwiseConvolution(plan((32, 32), groups: 16)) == nil)
        #expect(DepthwiseConvolution(plan((32, 32), groups: 1)) == nil)
    }
}
