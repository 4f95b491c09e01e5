import DescentKernels

/// The Descent side of `WinogradConvolution` (its math and transforms: `DescentElementwise`):
/// when `convolved2D` takes it, the transformed kernel, and the products between the transforms.
extension WinogradConvolution {
    /// The convolution of `plan` when it is 3×3, stride 1, dilation 1, one group, and the CPU
    /// runs `RowMajorTileKernel`; nil otherwise. `convolved2D` takes it only when `isWorthwhile`.
    init?(_ plan: ConvolutionPlan) {
        let g = plan.geometry
        guard RowMajorTileKernel.isSupported, plan.groups == 1, g.kernelHeight == 3, g.kernelWidth == 3,
              g.strideHeight == 1, g.strideWidth == 1, g.dilationHeight == 1, g.dilationWidth == 1
        else { return nil }
        self.init(batch: plan.batch, input: (g.inputHeight, g.inputWidth, plan.inputChannels),
                  output: (g.outputHeight, g.outputWidth, plan.outputChannels), padTop: g.padTop, padLeft: g.padLeft)
    }

    /// Largest transformed kernel (`transformedKernel`, 16·C_in·C_out′ scalars) worth the path.
    static let transformedKernelLimit = 512 << 10

    /// Where F(2×2, 3×3) beats im2col and the BLAS: every block of tiles reads the whole
    /// transformed kernel, so it must stay in the core's L2 (at most `transformedKernelLimit`
    /// bytes), and the tiles must be mostly inside the output (at least 3/4 of their outputs:
    /// a 1×1 or 3×3 map wastes 3/4 or 4/9 of the products). The cnn workload's second layer
    /// (14×14, 32 → 64 channels, 128 KiB) qualifies and runs 20 % faster; resnet18 on 32×32
    /// images, whose later stages have 512 channels on 1×1 to 4×4 maps, ran at 55 % of the
    /// column path's speed with every 3×3 layer on this path.
    var isWorthwhile: Bool {
        let transformedBytes = 16 * inputChannels * paddedOutputChannels * MemoryLayout<Float>.size
        // outputs ≥ 3/4 of the tiles' 4 each
        return transformedBytes <= Self.transformedKernelLimit && outputHeight * outputWidth >= 3 * tilesHigh * tilesWide
    }

    /// The convolution that computes ∂L/∂x from ∂L/∂z:
    ///
    ///     ∂L/∂x[n,y,x,c] = Σ_{u,v,o} ∂L/∂z[n, y + p_top − u, x + p_left − v, o]·w[u,v,c,o]
    ///                    = Σ_{u',v',o} ∂L/∂z[n, y − (2 − p_top) + u', x − (2 − p_left) + v', o]·w[2−u', 2−v', c, o]
    ///
    /// a 3×3 convolution of ∂L/∂z (C_out channels) with padding 2 − p, the kernel turned
    /// (`transformedKernel(_:turned: true)`), C_in outputs.
    var inputGradientConvolution: WinogradConvolution {
        WinogradConvolution(batch: batch, input: (outputHeight, outputWidth, outputChannels),
                            output: (inputHeight, inputWidth, inputChannels), padTop: 2 - padTop, padLeft: 2 - padLeft)
    }

    /// Tiles per block: whole panels of 6, V and M of a block within 384 KiB (at least one panel, at most 16).
    var blockTiles: Int {
        let bytesPerTile = 16 * (inputChannels + paddedOutputChannels) * MemoryLayout<Float>.size
        let panels = Swift.max(1, Swift.min(16, (384 << 10) / Swift.max(bytesPerTile * RowMajorTileKernel.rows, 1)))
        return panels * RowMajorTileKernel.rows
    }

    /// Depth of one pass of the tile kernel: a 256×16 panel of U (16 KiB) stays in L1.
    static let depthBlock = 256

    /// U = G·g·Gᵀ for every input channel k and output channel n, packed for `RowMajorTileKernel`:
    /// position ξν's [C_in, C_out] matrix in panels of 16 output channels, each k-major,
    /// U_ξν[k, jp·16 + j] at ((ξν·panels + jp)·C_in + k)·16 + j, zero past the last channel.
    /// `kernel` is HWIO [3, 3, C_in, C_out]; when `turned`, it is the forward kernel of the
    /// convolution whose ∂L/∂x this one computes, [3, 3, C_out, C_in] read at [2 − u, 2 − v, n, k].
    func transformedKernel(_ kernel: [Float], turned: Bool = false) -> [Float] {
        let (depth, width, panels) = (inputChannels, outputChannels, paddedOutputChannels / 16)
        return [Float](unsafeUninitializedCapacity: 16 * paddedOutputChannels * depth) { packed, initialized in
            packed.initialize(repeating: 0)
            kernel.withUnsafeBufferPointer { w in
                for k in 0..<depth {
                    for n in 0..<width {
                        func g(_ u: Int, _ v: Int) -> Float {
                            turned ? w[(((2 - u) * 3 + 2 - v) * width + n) * depth + k] : w[((u * 3 + v) * depth + k) * width + n]
                        }
                        // t = G·g, column by column (4×3); then row i of U = G·(row i of t).
                        let (t0, t1, t2) = (Self.kernelTransform(g(0, 0), g(1, 0), g(2, 0)),
                                            Self.kernelTransform(g(0, 1), g(1, 1), g(2, 1)),
                                            Self.kernelTransform(g(0, 2), g(1, 2), g(2, 2)))
                        func store(_ i: Int, _ row: (Float, Float, Float)) {
                            let u = Self.kernelTransform(row.0, row.1, row.2)
                            let at = ((i * 4 * panels + n / 16) * depth + k) * 16 + n % 16, plane = panels * depth * 16
                            (packed[at], packed[at + plane], packed[at + 2 * plane], packed[at + 3 * plane]) = u
                        }
                        store(0, (t0.0, t1.0, t2.0))
                        store(1, (t0.1, t1.1, t2.1))
                        store(2, (t0.2, t1.2, t2.2))
                        store(3, (t0.3, t1.3, t2.3))
                    }
                }
            }
            initialized = packed.count
        }
    }

    /// G·(g0, g1, g2) = (g0, ½(g0 + g1 + g2), ½(g0 − g1 + g2), g2).
    @inline(__always)
    static func kernelTransform(_ g0: Float, _ g1: Float, _ g2: Float) -> (Float, Float, Float, Float) {
        let outer = g0 + g2
        return (g0, 0.5 * (outer + g1), 0.5 * (outer - g1), g2)
    }

    /// out ← Y (+ b, then max(·, 0) when `rectified`) for the NHWC `input` [N, H, W, C_in] and a
    /// kernel from `transformedKernel`; `out` is NHWC [N, H_out, W_out, C_out].
    func run(_ input: UnsafePointer<Float>, transformedKernel u: UnsafePointer<Float>, bias: [Float]?, rectified: Bool,
             into out: UnsafeMutablePointer<Float>) {
        let blockSize = blockTiles
        let blocks = (tiles + blockSize - 1) / blockSize
        guard blocks > 0, outputChannels > 0 else { return }
        let paddedBias = (0..<paddedOutputChannels).map { $0 < outputChannels ? bias?[$0] ?? 0 : 0 }
        let (vCount, mCount) = (16 * blockSize * inputChannels, 16 * blockSize * paddedOutputChannels)
        paddedBias.withUnsafeBufferPointer { b in
            ThreadPool.parallelFor(blocks) { block in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: vCount + mCount) { buffer in
                    let (v, m) = (buffer.baseAddress!, buffer.baseAddress! + vCount)
                    let first = block * blockSize
                    let count = Swift.min(blockSize, tiles - first)
                    ElementwiseKernels.winogradInput(self, input, tiles: first..<(first + count), blockTiles: blockSize, into: v)
                    multiply(v, u, rows: (count + 5) / 6 * 6, blockTiles: blockSize, into: m)
                    ElementwiseKernels.winogradOutput(self, m, tiles: first..<(first + count), blockTiles: blockSize,
                                                      bias: bias == nil ? nil : b.baseAddress!, rectified: rectified, into: out)
                }
            }
        }
    }

    /// M_ξν = V_ξν·U_ξν for the first `rows` rows of the block, at m + (ξν·blockTiles + t)·C_out′ + n
    /// (C_out′ = `paddedOutputChannels`), by `RowMajorTileKernel` in passes of `depthBlock`.
    private func multiply(_ v: UnsafePointer<Float>, _ u: UnsafePointer<Float>, rows: Int, blockTiles: Int,
                          into m: UnsafeMutablePointer<Float>) {
        let (depth, width) = (inputChannels, paddedOutputChannels)
        for plane in 0..<16 {
            let (a, c) = (v + plane * blockTiles * depth, m + plane * blockTiles * width)
            for panel in 0..<(width / 16) {
                let b = u + (plane * (width / 16) + panel) * depth * 16
                for k in stride(from: 0, to: depth, by: Self.depthBlock) {
                    let kb = Swift.min(Self.depthBlock, depth - k)
                    for row in stride(from: 0, to: rows, by: RowMajorTileKernel.rows) {
                        RowMajorTileKernel.multiply(depth: kb, a: a + row * depth + k, lda: depth, b: b + k * 16,
                                                    c: c + row * width + panel * 16, ldc: width, accumulate: k > 0)
                    }
                }
            }
        }
    }

}
