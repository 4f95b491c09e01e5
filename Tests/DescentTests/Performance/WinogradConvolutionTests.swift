@testable import Descent
import DescentKernels
import Testing

/// Winograd's F(2×2, 3×3) (`WinogradConvolution`). Its values and gradients against the
/// definition run in `ShallowConvolutionTests.loweringMatchesTheDefinition`, on the shapes
/// there that fit and on `cases`.
@Suite(.enabled(if: StridedTileKernel.isSupported, "the Winograd path needs AVX2 and FMA"))
struct WinogradConvolutionTests {
    /// Shapes that stress the tiles: odd output sizes (tiles past the edge), channel counts with
    /// tails of 16, padding that is asymmetric or wider than the kernel (so ∂L/∂x's padding,
    /// 2 − p, is negative), depth past one 256-deep pass, and blocks of tiles across samples.
    static let cases: [ConvolutionCase] = [
        // 20 inputs and 19 outputs: a block of 16 and a tail; 7×6 → 4×3 tiles per sample
        ConvolutionCase(input: [3, 7, 6, 20], kernel: (3, 3), outputChannels: 19, padding: .same, padTopLeft: (1, 1), outputSize: (7, 6)),
        // explicit: (6 + 2 + 0 − 2) = 6 rows, (7 + 0 + 1 − 2) = 6 columns; ∂L/∂x padding 0 above, 2 left
        ConvolutionCase(input: [2, 6, 7, 17], kernel: (3, 3), outputChannels: 5,
                        padding: .explicit(top: 2, bottom: 0, left: 0, right: 1), padTopLeft: (2, 0), outputSize: (6, 6)),
        // padding 3 above and left: whole tiles in the padding; ∂L/∂x padding −1
        ConvolutionCase(input: [2, 5, 4, 9], kernel: (3, 3), outputChannels: 7,
                        padding: .explicit(top: 3, bottom: 1, left: 3, right: 0), padTopLeft: (3, 3), outputSize: (7, 5)),
        // 300 input channels: two passes of the tile kernel (256 + 44), the second accumulating
        ConvolutionCase(input: [1, 4, 5, 300], kernel: (3, 3), outputChannels: 18, padding: .same, padTopLeft: (1, 1), outputSize: (4, 5)),
        // 13 samples of 100 tiles: blocks of 96 tiles that start and end inside a sample
        ConvolutionCase(input: [13, 20, 20, 16], kernel: (3, 3), outputChannels: 8, padding: .same, padTopLeft: (1, 1), outputSize: (20, 20)),
    ]

    /// Whether Winograd's F(2×2, 3×3) takes the shape: a 3×3 window, stride 1, dilation 1, one group.
    static func fits(_ c: ConvolutionCase) -> Bool {
        c.kernel == (3, 3) && c.stride == (1, 1) && c.dilation == (1, 1) && c.groups == 1
    }

    private static func plan(_ input: [Int], kernel: (Int, Int) = (3, 3), outputChannels: Int, stride: (Int, Int) = (1, 1),
                             dilation: (Int, Int) = (1, 1), groups: Int = 1) -> ConvolutionPlan {
        let geometry = WindowGeometry(height: input[1], width: input[2], kernel: kernel, stride: stride, dilation: dilation, padding: .same)!
        return ConvolutionPlan(geometry: geometry, batch: input[0], inputChannels: input[3], outputChannels: outputChannels, groups: groups)
    }

    /// Winograd fits 3×3, stride 1, dilation 1, one group; `convolved2D` takes it where it is
    /// worthwhile and the window is not shallow.
    @Test func winogradTakesThreeByThreeStrideOneWindowsWhereTheyWin() throws {
        let cnn = try #require(WinogradConvolution(Self.plan([64, 14, 14, 32], outputChannels: 64)))   // the cnn workload's second layer
        #expect(cnn.isWorthwhile && cnn.blockTiles == 60)    // 6 KiB per tile: 10 panels of 6 in 384 KiB
        #expect(WinogradConvolution(Self.plan([2, 8, 8, 16], outputChannels: 8, stride: (2, 2))) == nil)
        #expect(WinogradConvolution(Self.plan([2, 8, 8, 16], outputChannels: 8, dilation: (2, 2))) == nil)
        #expect(WinogradConvolution(Self.plan([2, 8, 8, 16], outputChannels: 8, groups: 2)) == nil)
        #expect(WinogradConvolution(Self.plan([2, 8, 8, 16], kernel: (5, 5), outputChannels: 8)) == nil)
        // 16·128·128·4 bytes = 1 MiB of transformed kernel: more than L2
        #expect(WinogradConvolution(Self.plan([8, 4, 4, 128], outputChannels: 128))?.isWorthwhile == false)
        // 16·64·64·4 = 256 KiB; an 8×8 map is whole tiles, a 3×3 one only 9 of 16 outputs, a 7×7 one 49 of 64
        #expect(WinogradConvolution(Self.plan([8, 8, 8, 64], outputChannels: 64))?.isWorthwhile == true)
        #expect(WinogradConvolution(Self.plan([8, 3, 3, 64], outputChannels: 64))?.isWorthwhile == false)
        #expect(WinogradConvolution(Self.plan([8, 7, 7, 64], outputChannels: 64))?.isWorthwhile == true)
        #expect(Self.plan([64, 28, 28, 1], outputChannels: 32).isShallow)                       // the first layer stays shallow
    }

    /// One tile by hand: a 4×4 patch of ones through a kernel of ones, valid padding, gives 9 in
    /// each of the 2×2 outputs; a single 1 at the patch's corner reaches output (0, 0) alone,
    /// weighted by the kernel's corner; with one at the centre (1, 1), all four outputs.
    @Test func oneTileMatchesTheHandComputedSums() throws {
        let winograd = WinogradConvolution(batch: 1, input: (4, 4, 1), output: (2, 2, 1), padTop: 0, padLeft: 0)
        let kernel: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]   // HWIO [3, 3, 1, 1]
        func convolve(_ patch: [Float]) -> [Float] {
            var out = [Float](repeating: .nan, count: 4)
            let u = winograd.transformedKernel(kernel)
            patch.withUnsafeBufferPointer { x in
                u.withUnsafeBufferPointer { winograd.run(x.baseAddress!, transformedKernel: $0.baseAddress!, bias: [0.5], rectified: false, into: &out) }
            }
            return out
        }
        #expect(convolve([Float](repeating: 1, count: 16)) == [45.5, 45.5, 45.5, 45.5])
        var corner = [Float](repeating: 0, count: 16); corner[0] = 1
        #expect(convolve(corner) == [1.5, 0.5, 0.5, 0.5])
        var centre = [Float](repeating: 0, count: 16); centre[5] = 1
        // output (i, j) sees input (1, 1) through tap (1 − i, 1 − j): w[1,1] = 5, w[1,0] = 4, w[0,1] = 2, w[0,0] = 1
        #expect(convolve(centre) == [5.5, 4.5, 2.5, 1.5])
    }

    /// Finite differences through the Winograd path, with and without the fused ReLU, on a shape
    /// with odd sizes, channel tails and asymmetric padding. (With seeds 31 and 32 one
    /// pre-activation lies within the step's reach of the ReLU's kink, and the check fails there
    /// on the column path as well; these seeds keep every z clear of it.)
    @Test(arguments: [false, true])
    func winogradPassesTheGradientCheck(_ rectified: Bool) {
        let c = ConvolutionCase(input: [2, 5, 3, 18], kernel: (3, 3), outputChannels: 17,
                                padding: .explicit(top: 2, bottom: 0, left: 1, right: 1), padTopLeft: (2, 1), outputSize: (5, 3))
        let layer = c.makeLayer(seed: 36)
        let x = randomParameter(c.input, seed: 37)
        expectGradientsMatch([("input", x), ("weight", layer.weight), ("bias", layer.bias!)]) {
            x.tracked.convolved2D(with: layer.weight.tracked, bias: layer.bias!.tracked, stride: (1, 1), padding: c.padding,
                                  dilation: (1, 1), groups: 1, rectified: rectified, lowering: .winograd).squared()
        }
    }

    /// The data needs no ∂L/∂x and a frozen kernel no ∂L/∂W: the other gradients are unchanged.
    @Test func untrackedInputAndFrozenKernelKeepTheOtherGradients() {
        let c = Self.cases[0]
        let layer = c.makeLayer(seed: 33)
        layer.activation = .relu
        let x = randomParameter(c.input, seed: 34)
        let g = Tensor.randomNormal([c.input[0], c.outputSize.0, c.outputSize.1, c.outputChannels], generator: RandomGenerator(seed: 35))
        layer(x.tracked).backward(seed: g)
        let (inputGradient, kernelGradient, biasGradient) = (x.gradient!.scalars, layer.weight.gradient!.scalars, layer.bias!.gradient!.scalars)
        layer.weight.zeroGradient(); layer.bias!.zeroGradient()
        layer(x.value).backward(seed: g)
        #expect(layer.weight.gradient!.scalars == kernelGradient)
        #expect(layer.bias!.gradient!.scalars == biasGradient)
        x.zeroGradient(); layer.weight.zeroGradient(); layer.bias!.zeroGradient()
        layer.weight.isTrainable = false
        layer(x.tracked).backward(seed: g)
        #expect(x.gradient!.scalars == inputGradient)
        #expect(layer.bias!.gradient!.scalars == biasGradient)
        #expect(inputGradient.contains { $0 != 0 } && kernelGradient.contains { $0 != 0 })
    }

    /// The transforms are additions only: the baseline, AVX2 and AVX-512 instantiations give the
    /// same bits (input, output gradient, and output with bias and ReLU, 20 → 19 channels: tails).
    @Test func transformsGiveTheSameBitsOnEveryInstructionSet() {
        let w = WinogradConvolution(batch: 2, input: (7, 6, 20), output: (7, 6, 19), padTop: 1, padLeft: 1)
        let (block, tiles) = (w.blockTiles, 0..<w.tiles)
        let x = Tensor.randomNormal([2, 7, 6, 20], generator: RandomGenerator(seed: 40)).scalars
        let g = Tensor.randomNormal([2, 7, 6, 19], generator: RandomGenerator(seed: 41)).scalars
        let bias = Tensor.randomNormal([32], generator: RandomGenerator(seed: 42)).scalars
        let results = InstructionSet.allCases.filter(\.isSupported).map { isa -> [Float] in
            var v = [Float](repeating: .nan, count: 16 * block * 20)
            var dm = [Float](repeating: .nan, count: 16 * block * w.paddedOutputChannels)
            var out = [Float](repeating: .nan, count: g.count)
            ElementwiseKernels.winogradInput(w, x, tiles: tiles, blockTiles: block, into: &v, instructionSet: isa)
            ElementwiseKernels.winogradOutputGradient(w, g, tiles: tiles, blockTiles: block, into: &dm, instructionSet: isa)
            bias.withUnsafeBufferPointer { b in
                ElementwiseKernels.winogradOutput(w, dm, tiles: tiles, blockTiles: block, bias: b.baseAddress, rectified: true,
                                                  into: &out, instructionSet: isa)
            }
            // each plane's rows up to the tiles (V: up to the next whole panel of 6); the rest is never written
            func planes(_ values: [Float], rows: Int, width: Int) -> [Float] {
                (0..<16).flatMap { plane -> ArraySlice<Float> in
                    let start = plane * block * width
                    return values[start..<(start + rows * width)]
                }
            }
            let paddedTiles = (w.tiles + 5) / 6 * 6
            return planes(v, rows: paddedTiles, width: 20) + planes(dm, rows: w.tiles, width: w.paddedOutputChannels) + out
        }
        #expect(results.count >= 2)
        #expect(results.allSatisfy { zip($0, results[0]).allSatisfy { $0.bitPattern == $1.bitPattern } })
        #expect(!results[0].contains { $0.isNaN })
    }
}
