@testable import Descent
import DescentKernels
import Testing

/// One convolution run through one lowering, with or without the fused ReLU.
struct LoweringCase: CustomTestStringConvertible, Sendable {
    var convolution: ConvolutionCase
    var lowering: Tensor.ConvolutionLowering
    var rectified: Bool

    var testDescription: String { "\(convolution.testDescription) \(lowering) relu=\(rectified)" }

    /// Single-group shapes, each through im2col and through the shallow lowering with every
    /// micro-kernel this CPU runs; 3×3 windows with stride and dilation 1 through Winograd's
    /// F(2×2, 3×3) too, when the CPU runs it.
    static let all: [LoweringCase] = {
        let shapes = ConvolutionCase.all.filter { $0.groups == 1 } + ConvolutionKernelTests.extraCases + [
            // 3·3·3 = 27 taps: three tap panels for a 12-row kernel, five for a 6-row one
            ConvolutionCase(input: [2, 9, 8, 3], kernel: (3, 3), outputChannels: 33, padding: .same, padTopLeft: (1, 1), outputSize: (9, 8)),
            // the cnn workload's first layer on 40 samples: 31,360 rows, 123 bias chunks in 31 kernel-gradient chunks
            ConvolutionCase(input: [40, 28, 28, 1], kernel: (3, 3), outputChannels: 32, padding: .same, padTopLeft: (1, 1), outputSize: (28, 28)),
        ]
        let lowerings = [Tensor.ConvolutionLowering.columns] + GEMMKernel.allCases.filter(\.isSupported).map { .shallow($0) }
        let shallowCases = shapes.flatMap { shape in lowerings.map { (shape, $0) } }
        let winogradCases = StridedTileKernel.isSupported
            ? (shapes + WinogradConvolutionTests.cases).filter(WinogradConvolutionTests.fits).map { ($0, Tensor.ConvolutionLowering.winograd) }
            : []
        return (shallowCases + winogradCases).flatMap { shape, lowering in
            [false, true].map { LoweringCase(convolution: shape, lowering: lowering, rectified: $0) }
        }
    }()
}

/// The convolution and its gradients by their definitions, in Double: z, and for the seed G,
/// ∂L/∂z = G ⊙ [y > 0] (or G), ∂L/∂x, ∂L/∂W and ∂L/∂b. Each gradient comes with the sum of the
/// absolute values of its terms, the scale of its rounding error.
private struct DefinitionResults {
    var output: [Double] = [], input: [Double] = [], kernel: [Double] = [], bias: [Double] = []
    var inputScale: [Double] = [], kernelScale: [Double] = [], biasScale: [Double] = []

    init(_ c: ConvolutionCase, x: [Float], w: [Float], b: [Float], seed g: [Float], gate: [Float]?) {
        let (n, h, wd, cin) = (c.input[0], c.input[1], c.input[2], c.input[3])
        let (kh, kw, cout) = (c.kernel.0, c.kernel.1, c.outputChannels)
        input = Array(repeating: 0, count: x.count); inputScale = input
        kernel = Array(repeating: 0, count: w.count); kernelScale = kernel
        bias = Array(repeating: 0, count: cout); biasScale = bias
        var r = 0
        for s in 0..<n {
            for i in 0..<c.outputSize.0 {
                for j in 0..<c.outputSize.1 {
                    for o in 0..<cout {
                        let k = r * cout + o
                        let dz = gate.map { $0[k] > 0 ? Double(g[k]) : 0 } ?? Double(g[k])
                        var z = Double(b[o])
                        bias[o] += dz; biasScale[o] += abs(dz)
                        for u in 0..<kh {
                            for v in 0..<kw {
                                let y = i * c.stride.0 - c.padTopLeft.0 + u * c.dilation.0
                                let xx = j * c.stride.1 - c.padTopLeft.1 + v * c.dilation.1
                                guard y >= 0, y < h, xx >= 0, xx < wd else { continue }
                                for ch in 0..<cin {
                                    let (xi, wi) = (((s * h + y) * wd + xx) * cin + ch, ((u * kw + v) * cin + ch) * cout + o)
                                    z += Double(x[xi]) * Double(w[wi])
                                    kernel[wi] += dz * Double(x[xi]); kernelScale[wi] += abs(dz * Double(x[xi]))
                                    input[xi] += dz * Double(w[wi]); inputScale[xi] += abs(dz * Double(w[wi]))
                                }
                            }
                        }
                        output.append(z)
                    }
                    r += 1
                }
            }
        }
    }
}

/// |actual − expected| ≤ 10⁻⁵·scale + 10⁻⁶ elementwise, scale the sum of |terms| of each value.
private func expectWithinRounding(_ actual: [Float], _ expected: [Double], scale: [Double], _ name: String) {
    #expect(actual.count == expected.count, "\(name): \(actual.count) values, expected \(expected.count)")
    let worst = zip(zip(actual, expected), scale).map { pair, s in abs(Double(pair.0) - pair.1) - (1e-5 * s + 1e-6) }.max() ?? 0
    #expect(worst <= 0, "\(name): an error exceeds the rounding bound by \(worst)")
}

@Suite struct ShallowConvolutionTests {
    /// Forward values and all three gradients against the definition, through either lowering.
    @Test(arguments: LoweringCase.all)
    func loweringMatchesTheDefinition(_ l: LoweringCase) {
        let c = l.convolution
        let layer = c.makeLayer(seed: 21)
        let x = randomParameter(c.input, seed: 22)
        let y = x.tracked.convolved2D(with: layer.weight.tracked, bias: layer.bias!.tracked, stride: c.stride, padding: c.padding,
                                      dilation: c.dilation, groups: 1, rectified: l.rectified, lowering: l.lowering)
        #expect(y.shape == [c.input[0], c.outputSize.0, c.outputSize.1, c.outputChannels])
        let g = Tensor.randomNormal(y.shape, generator: RandomGenerator(seed: 23))
        y.backward(seed: g)
        let reference = DefinitionResults(c, x: x.value.scalars, w: layer.weight.value.scalars, b: layer.bias!.value.scalars,
                                          seed: g.scalars, gate: l.rectified ? y.scalars : nil)
        let z = l.rectified ? reference.output.map { max($0, 0) } : reference.output
        expectWithinRounding(y.scalars, z, scale: reference.output.map { _ in 10 }, "output")
        expectWithinRounding(x.gradient!.scalars, reference.input, scale: reference.inputScale, "∂L/∂x")
        expectWithinRounding(layer.weight.gradient!.scalars, reference.kernel, scale: reference.kernelScale, "∂L/∂W")
        expectWithinRounding(layer.bias!.gradient!.scalars, reference.bias, scale: reference.biasScale, "∂L/∂b")
    }

    /// Finite differences through the shallow lowering with every micro-kernel, padding and stride included.
    @Test(arguments: GEMMKernel.allCases.filter(\.isSupported))
    func shallowLoweringPassesTheGradientCheck(_ microKernel: GEMMKernel) {
        let c = ConvolutionCase(input: [2, 5, 4, 2], kernel: (3, 2), outputChannels: 19, stride: (2, 1), padding: .same,
                                padTopLeft: (1, 0), outputSize: (3, 4))
        let layer = c.makeLayer(seed: 24)
        let x = randomParameter(c.input, seed: 25)
        expectGradientsMatch([("input", x), ("weight", layer.weight), ("bias", layer.bias!)]) {
            x.tracked.convolved2D(with: layer.weight.tracked, bias: layer.bias!.tracked, stride: c.stride, padding: c.padding,
                                  dilation: (1, 1), groups: 1, rectified: false, lowering: .shallow(microKernel)).squared()
        }
    }

    /// The data needs no gradient: the shallow lowering then computes only ∂L/∂W and ∂L/∂b, and
    /// with the kernel frozen only ∂L/∂b, equal to the tracked run's.
    @Test func untrackedInputAndFrozenKernelGetNoGradient() {
        let c = ConvolutionKernelTests.extraCases[0]
        let layer = c.makeLayer(seed: 26)
        layer.activation = .relu
        let x = Tensor.randomNormal(c.input, generator: RandomGenerator(seed: 27))
        let g = Tensor.randomNormal([c.input[0], c.outputSize.0, c.outputSize.1, c.outputChannels], generator: RandomGenerator(seed: 28))
        layer(x).backward(seed: g)
        let (kernelGradient, biasGradient) = (layer.weight.gradient!.scalars, layer.bias!.gradient!.scalars)
        layer.weight.zeroGradient(); layer.bias!.zeroGradient()
        layer.weight.isTrainable = false
        layer(x).backward(seed: g)
        #expect(layer.weight.gradient == nil || layer.weight.gradient!.scalars.allSatisfy { $0 == 0 })
        #expect(layer.bias!.gradient!.scalars == biasGradient)
        #expect(kernelGradient.contains { $0 != 0 })
    }

    @Test func firstLayersOfImageNetworksAreShallow() throws {
        func plan(_ input: [Int], kernel: (Int, Int), outputChannels: Int, groups: Int = 1) -> ConvolutionPlan {
            let geometry = WindowGeometry(height: input[1], width: input[2], kernel: kernel, stride: (1, 1), dilation: (1, 1), padding: .same)!
            return ConvolutionPlan(geometry: geometry, batch: input[0], inputChannels: input[3], outputChannels: outputChannels, groups: groups)
        }
        #expect(plan([64, 28, 28, 1], kernel: (3, 3), outputChannels: 32).isShallow)       // the cnn workload's first layer
        #expect(!plan([8, 32, 32, 3], kernel: (5, 5), outputChannels: 16).isShallow)       // 75 taps > 64
        #expect(!plan([64, 14, 14, 32], kernel: (3, 3), outputChannels: 64).isShallow)     // its second: 288 taps
        #expect(!plan([2, 8, 8, 4], kernel: (3, 3), outputChannels: 4, groups: 2).isShallow)
        #expect(!plan([2, 8, 8, 16], kernel: (1, 1), outputChannels: 8).isShallow)         // pointwise: no columns at all
    }
}
