@testable import Descent
import Testing

/// A max pooling whose windows tile the input, for the fast path against the window-by-window one.
struct TilingCase: CustomTestStringConvertible, Sendable {
    var input: [Int]
    var size: (Int, Int)
    var padding: Padding = .valid

    var testDescription: String { "\(input) window \(size) \(padding)" }

    static let all: [TilingCase] = [
        TilingCase(input: [2, 6, 8, 3], size: (2, 2)),
        // a row and a column past the last window; 19 channels = one block of 16 and a tail of 3
        TilingCase(input: [3, 7, 9, 19], size: (2, 2)),
        TilingCase(input: [2, 9, 8, 33], size: (3, 2)),
        TilingCase(input: [1, 4, 6, 16], size: (2, 2), padding: .same),
        // the cnn workload's first pooling, many samples over the threads
        TilingCase(input: [16, 28, 28, 32], size: (2, 2)),
        // 240 elements per window: winners' places up to 239 in their byte
        TilingCase(input: [2, 15, 17, 5], size: (15, 16)),
    ]
}

/// Values with many ties (0.5 apart from −1 to 1), signed zeros, NaN and −∞, so that
/// the first-maximum rule, NaN never winning and all-losing windows are all exercised.
private func awkwardValues(_ count: Int, seed: UInt64) -> [Float] {
    let generator = RandomGenerator(seed: seed)
    return (0..<count).map { _ in
        switch generator.nextInt(below: 12) {
        case 0: .nan
        case 1: -.infinity
        case 2: -0.0
        default: Float(generator.nextInt(below: 5)) * 0.5 - 1
        }
    }
}

@Suite struct ConvolutionKernelTests {
    @Test(arguments: TilingCase.all)
    func tiledMaxPoolEqualsTheWindowLoopBitForBit(_ c: TilingCase) {
        let count = c.input.reduce(1, *)
        let x = Parameter(Tensor(shape: c.input, scalars: awkwardValues(count, seed: 1)))
        let plan = PoolingPlan(x.value, "test", size: c.size, stride: c.size, padding: c.padding)
        #expect(plan.isTiling)
        let seedValues = awkwardValues(plan.outputCount, seed: 2).map { $0.isNaN || $0.isInfinite ? 3 : $0 }
        let seed = Tensor(shape: plan.outputShape, scalars: seedValues)

        let tiled = x.tracked.maxPooledByTiles(plan)
        tiled.backward(seed: seed)
        let tiledGradient = x.gradient!.scalars
        x.zeroGradient()
        let windowed = x.tracked.maxPooledByWindows(plan)
        windowed.backward(seed: seed)

        #expect(tiled.shape == windowed.shape)
        #expect(tiled.scalars.map(\.bitPattern) == windowed.scalars.map(\.bitPattern))
        #expect(tiledGradient.map(\.bitPattern) == x.gradient!.scalars.map(\.bitPattern))
    }

    @Test func overlappingPaddedOrHugeWindowsDoNotTile() {
        let x = Tensor.zeros([1, 5, 5, 2])
        #expect(!PoolingPlan(x, "test", size: (3, 3), stride: (2, 2), padding: .valid).isTiling)
        #expect(!PoolingPlan(x, "test", size: (2, 2), stride: (2, 2), padding: .uniform(1)).isTiling)
        #expect(!PoolingPlan(x, "test", size: (2, 2), stride: (1, 1), padding: .valid).isTiling)
        // 256 elements: more places than a byte holds besides "none"
        #expect(!PoolingPlan(Tensor.zeros([1, 16, 16, 1]), "test", size: (16, 16), stride: (16, 16), padding: .valid).isTiling)
        #expect(PoolingPlan(Tensor.zeros([1, 15, 16, 1]), "test", size: (15, 16), stride: (15, 16), padding: .valid).isTiling)
    }

    @Test func tiledMaxPoolPassesTheGradientCheck() {
        // Distinct values 0.05 apart, so that no finite-difference step flips a window's maximum.
        let order = RandomGenerator(seed: 7).permutation(2 * 5 * 6 * 3)
        let x = Parameter(Tensor(shape: [2, 5, 6, 3], scalars: order.map { Float($0) * 0.05 - 4 }))
        expectGradientsMatch([("input", x)]) { MaxPool2D(size: 2)(x.tracked).squared() }
    }

    /// Conv2D with `.relu` is one node; it must equal the convolution followed by `relu()`, and its
    /// bias gradient the chunked sum of the gated output gradient.
    @Test(arguments: ConvolutionCase.all + ConvolutionKernelTests.extraCases)
    func convolutionWithReLUEqualsTheComposition(_ c: ConvolutionCase) {
        let layer = c.makeLayer(seed: 11)
        layer.activation = .relu
        let x = randomParameter(c.input, seed: 12)
        let fused = layer(x.tracked)
        let seed = Tensor.randomNormal(fused.shape, generator: RandomGenerator(seed: 13))
        fused.backward(seed: seed)
        let parameters = [x, layer.weight, layer.bias!]
        let fusedGradients = parameters.map { $0.gradient!.scalars }
        parameters.forEach { $0.zeroGradient() }

        let plain = x.tracked.convolved2D(with: layer.weight.tracked, bias: layer.bias!.tracked, stride: c.stride,
                                          padding: c.padding, dilation: c.dilation, groups: c.groups).relu()
        plain.backward(seed: seed)
        #expect(fused.scalars == plain.scalars)
        for (a, b) in zip(fusedGradients, parameters.map { $0.gradient!.scalars }) { #expect(a == b) }

        // Σ over chunks of 256 rows of each chunk's row-by-row sum
        let chunkSize = ConvolutionPlan.biasChunkRows * c.outputChannels
        var biasGradient = [Float](repeating: 0, count: c.outputChannels)
        for chunk in stride(from: 0, to: seed.count, by: chunkSize) {
            var sum = [Float](repeating: 0, count: c.outputChannels)
            for k in chunk..<min(seed.count, chunk + chunkSize) where fused.scalars[k] > 0 { sum[k % c.outputChannels] += seed.scalars[k] }
            for o in 0..<c.outputChannels { biasGradient[o] += sum[o] }
        }
        #expect(fusedGradients[2] == biasGradient)
    }

    @Test(arguments: [ConvolutionCase(input: [1, 3, 4, 2], kernel: (3, 3), outputChannels: 19, padding: .same, padTopLeft: (1, 1), outputSize: (3, 4)),
                      ConvolutionKernelTests.extraCases[1]])
    func convolutionWithReLUPassesTheGradientCheck(_ c: ConvolutionCase) {
        let layer = c.makeLayer(seed: 14)
        layer.activation = .relu
        let x = randomParameter(c.input, seed: 15)
        expectGradientsMatch([("input", x), ("weight", layer.weight), ("bias", layer.bias!)]) { layer(x.tracked).squared() }
    }

    /// ∂L/∂x, computed a block of samples at a time, against its definition
    /// ∂L/∂x[n,y,x,g·C_g+c] = Σ G[n,i,j,o]·W[u,v,c,o] over y = i·s_h − p_top + u·d_h (likewise x).
    @Test(arguments: [
        // 12 samples of 400 rows × 144 columns: more than one 2^19-scalar block
        ConvolutionCase(input: [12, 20, 20, 16], kernel: (3, 3), outputChannels: 8, padding: .same, padTopLeft: (1, 1), outputSize: (20, 20)),
        ConvolutionCase(input: [9, 21, 19, 32], kernel: (3, 2), outputChannels: 6, stride: (2, 1), padding: .explicit(top: 1, bottom: 0, left: 2, right: 1),
                        dilation: (1, 2), groups: 2, padTopLeft: (1, 2), outputSize: (10, 20)),
    ])
    func inputGradientInBlocksMatchesTheDefinition(_ c: ConvolutionCase) {
        let layer = c.makeLayer(seed: 16)
        let x = randomParameter(c.input, seed: 17)
        let y = layer(x.tracked)
        #expect(y.shape == [c.input[0], c.outputSize.0, c.outputSize.1, c.outputChannels])
        let g = Tensor.randomNormal(y.shape, generator: RandomGenerator(seed: 18))
        y.backward(seed: g)
        let (cg, cout) = (c.input[3] / c.groups, c.outputChannels)
        let (gs, ws) = (g.scalars, layer.weight.value.scalars)
        let og = cout / c.groups
        var expected = [Float](repeating: 0, count: x.value.count)
        Self.forEachTap(c) { output, input, tap in
            for o in 0..<cout {
                for k in 0..<cg { expected[input + (o / og) * cg + k] += gs[output + o] * ws[(tap * cg + k) * cout + o] }
            }
        }
        expectClose(x.gradient!.scalars, expected, relative: 1e-4, absolute: 1e-4)
    }

    /// Calls `body(output, input, tap)` for every window tap that lies inside the image, output
    /// position by position: `output` is the position's first scalar in the NHWC output, `input`
    /// the tapped pixel's first scalar in the input, `tap` = u·kw + v.
    static func forEachTap(_ c: ConvolutionCase, _ body: (_ output: Int, _ input: Int, _ tap: Int) -> Void) {
        for n in 0..<c.input[0] {
            for i in 0..<c.outputSize.0 {
                for j in 0..<c.outputSize.1 {
                    for u in 0..<c.kernel.0 {
                        for v in 0..<c.kernel.1 {
                            let row = i * c.stride.0 - c.padTopLeft.0 + u * c.dilation.0
                            let column = j * c.stride.1 - c.padTopLeft.1 + v * c.dilation.1
                            guard row >= 0, row < c.input[1], column >= 0, column < c.input[2] else { continue }
                            body(((n * c.outputSize.0 + i) * c.outputSize.1 + j) * c.outputChannels,
                                 ((n * c.input[1] + row) * c.input[2] + column) * c.input[3], u * c.kernel.1 + v)
                        }
                    }
                }
            }
        }
    }

    /// Cases whose column matrices span several blocks of `ConvolutionPlan.sampleBlocks`.
    static let blockCases: [ConvolutionCase] = [
        // 13 samples of 400 rows × 144 columns: 9 fit a block, so two blocks of 7 and 6 samples
        ConvolutionCase(input: [13, 20, 20, 16], kernel: (3, 3), outputChannels: 8, padding: .same, padTopLeft: (1, 1), outputSize: (20, 20)),
        // two groups of 200 rows × 96 columns per sample: 13 fit a block, so three blocks of 10 samples
        ConvolutionCase(input: [30, 21, 19, 32], kernel: (3, 2), outputChannels: 6, stride: (2, 1), padding: .explicit(top: 1, bottom: 0, left: 2, right: 1),
                        dilation: (1, 2), groups: 2, padTopLeft: (1, 2), outputSize: (10, 20)),
    ]

    /// The blocks cover the batch in order, as evenly as whole samples allow, each block's column
    /// matrices within `blockScalars`; a sample too big for a block gets a block of its own.
    @Test func sampleBlocksCoverTheBatchEvenly() throws {
        func plan(batch: Int, size: Int, channels: Int) throws -> ConvolutionPlan {
            let geometry = try #require(WindowGeometry(height: size, width: size, kernel: (3, 3), stride: (1, 1), dilation: (1, 1), padding: .same))
            return ConvolutionPlan(geometry: geometry, batch: batch, inputChannels: channels, outputChannels: 4, groups: 1)
        }
        // cnn's second layer: 196 rows × 288 columns per sample, 9 fit 2^19 scalars → 8 blocks of 8
        #expect(try plan(batch: 64, size: 14, channels: 32).sampleBlocks == Array(repeating: 8, count: 8).enumerated().map { ($0.offset * 8)..<($0.offset * 8 + 8) })
        #expect(try plan(batch: 13, size: 20, channels: 16).sampleBlocks == [0..<7, 7..<13])
        #expect(try plan(batch: 3, size: 5, channels: 2).sampleBlocks == [0..<3])
        // 256·256·576 scalars per sample: more than a block, one sample per block
        #expect(try plan(batch: 3, size: 256, channels: 64).sampleBlocks == [0..<1, 1..<2, 2..<3])
        #expect(try plan(batch: 0, size: 5, channels: 2).sampleBlocks.isEmpty)
    }

    /// The output and ∂L/∂W, computed a block of samples at a time, against their definitions
    ///
    ///     y[n,i,j,o] = b[o] + Σ x[n, i·s_h − p_top + u·d_h, j·s_w − p_left + v·d_w, g·C_g + c] · W[u,v,c,o]
    ///     ∂L/∂W[u,v,c,o] = Σ_{n,i,j} G[n,i,j,o] · x[n, …, g·C_g + c]      (g = o / (C_out/groups))
    @Test(arguments: ConvolutionKernelTests.blockCases)
    func forwardAndKernelGradientInBlocksMatchTheDefinition(_ c: ConvolutionCase) {
        let layer = c.makeLayer(seed: 19)
        let x = randomParameter(c.input, seed: 20)
        let y = layer(x.tracked)
        let g = Tensor.randomNormal(y.shape, generator: RandomGenerator(seed: 21))
        y.backward(seed: g)
        let (cg, cout) = (c.input[3] / c.groups, c.outputChannels)
        let (xs, gs, ws, bs) = (x.value.scalars, g.scalars, layer.weight.value.scalars, layer.bias!.value.scalars)
        let og = cout / c.groups
        var expectedOutput = (0..<y.count).map { bs[$0 % cout] }
        var expectedKernel = [Float](repeating: 0, count: ws.count)
        Self.forEachTap(c) { output, input, tap in
            for o in 0..<cout {
                for k in 0..<cg {
                    let weight = (tap * cg + k) * cout + o, value = xs[input + (o / og) * cg + k]
                    expectedOutput[output + o] += value * ws[weight]
                    expectedKernel[weight] += gs[output + o] * value
                }
            }
        }
        expectClose(y.scalars, expectedOutput, relative: 1e-4, absolute: 1e-4)
        expectClose(layer.weight.gradient!.scalars, expectedKernel, relative: 1e-4, absolute: 1e-3)
    }

    static let extraCases: [ConvolutionCase] = [
        // 19 output channels: a block of 16 and a tail of 3 in the gate and bias sum
        ConvolutionCase(input: [3, 5, 7, 3], kernel: (3, 3), outputChannels: 19, padding: .same, padTopLeft: (1, 1), outputSize: (5, 7)),
        // padding wider than the kernel: whole windows and window rows lie in the padding
        ConvolutionCase(input: [2, 4, 3, 2], kernel: (2, 2), outputChannels: 3, stride: (2, 1),
                        padding: .explicit(top: 3, bottom: 2, left: 3, right: 4), padTopLeft: (3, 3), outputSize: (4, 9)),
        // 1024 rows × 40 channels: above the parallel threshold, so the channel blocks split over threads
        ConvolutionCase(input: [4, 16, 16, 3], kernel: (3, 3), outputChannels: 40, padding: .same, padTopLeft: (1, 1), outputSize: (16, 16)),
    ]
}
