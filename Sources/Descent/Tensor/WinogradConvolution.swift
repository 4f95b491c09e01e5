import DescentKernels

/// The Descent side of `WinogradConvolution` (its math and transforms: `DescentElementwise`):
/// when `convolved2D` takes it, the transformed kernel, and the products between the transforms.
extension WinogradConvolution {
    /// The convolution of `plan` when it is 3×3, stride 1, dilation 1, one group, and the CPU
    /// runs `StridedTileKernel`; nil otherwise. `convolved2D` takes it only when `isWorthwhile`.
    init?(_ plan: ConvolutionPlan) {
        let g = plan.geometry
        guard StridedTileKernel.isSupported, plan.groups == 1, g.kernelHeight == 3, g.kernelWidth == 3,
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
        let panels = Swift.max(1, Swift.min(16, (384 << 10) / Swift.max(bytesPerTile * StridedTileKernel.rows, 1)))
        return panels * StridedTileKernel.rows
    }

    /// Depth of one pass of the tile kernel: a 256×16 panel of U (16 KiB) stays in L1.
    static let depthBlock = 256

    /// U = G·g·Gᵀ for every input channel k and output channel n, packed for `StridedTileKernel`:
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
    /// (C_out′ = `paddedOutputChannels`), by `StridedTileKernel` in passes of `depthBlock`.
    private func multiply(_ v: UnsafePointer<Float>, _ u: UnsafePointer<Float>, rows: Int, blockTiles: Int,
                          into m: UnsafeMutablePointer<Float>) {
        let (depth, width) = (inputChannels, paddedOutputChannels)
        for plane in 0..<16 {
            let (a, c) = (v + plane * blockTiles * depth, m + plane * blockTiles * width)
            for panel in 0..<(width / 16) {
                let b = u + (plane * (width / 16) + panel) * depth * 16
                for k in stride(from: 0, to: depth, by: Self.depthBlock) {
                    let kb = Swift.min(Self.depthBlock, depth - k)
                    for row in stride(from: 0, to: rows, by: StridedTileKernel.rows) {
                        StridedTileKernel.multiply(depth: kb, a: a + row * depth + k, lda: depth, b: b + k * 16, bDepth: 16,
                                                   c: c + row * width + panel * 16, ldc: width, accumulate: k > 0)
                    }
                }
            }
        }
    }


    /// Tiles per pass of the tile kernel in `kernelGradient`: the cache lines of a pass's 128 rows
    /// of V_ξν and of one column panel of ∂L/∂M_ξν stay in L1 while the row panels of ∂L/∂U walk them.
    static let gradientDepthBlock = 128

    /// Tiles per block of `kernelGradient`: whole panels of 6, V and ∂L/∂M of a block within 4 MiB.
    var gradientBlockTiles: Int {
        let bytesPerPanel = 16 * (inputChannels + paddedOutputChannels) * MemoryLayout<Float>.size * StridedTileKernel.rows
        return Swift.max(1, (4 << 20) / Swift.max(bytesPerPanel, 1)) * StridedTileKernel.rows
    }

    /// ∂L/∂W (HWIO [3, 3, C_in, C_out]) from the NHWC input x and ∂L/∂z, by F(2×2, 3×3) backwards:
    ///
    ///     ∂L/∂U_ξν = Σ_tiles V_ξνᵀ·∂L/∂M_ξν  (∂L/∂M = A·∂L/∂Y·Aᵀ)      ∂L/∂g = Gᵀ·∂L/∂U·G
    ///
    /// The tiles run in blocks of `gradientBlockTiles`, in order: each block's V and ∂L/∂M are
    /// formed (tiles split over the threads in whole panels), then each of the 16·C_out′/16
    /// (position, column panel) pairs adds its block product to its own part of ∂L/∂U on one
    /// thread, with `StridedTileKernel` (A = V_ξνᵀ read in place, depth the block's tiles). Every
    /// sum runs over the tiles in order, so ∂L/∂W does not depend on the thread count.
    func kernelGradient(_ x: UnsafePointer<Float>, _ dz: UnsafePointer<Float>) -> [Float] {
        let (channels, width, panels) = (inputChannels, paddedOutputChannels, paddedOutputChannels / 16)
        let rows = (channels + 5) / 6 * 6   // ∂L/∂U's rows, whole tiles; those past C_in are ignored
        let blockSize = gradientBlockTiles
        let (vCount, mCount) = (16 * blockSize * channels, 16 * blockSize * width)
        var transformedGradient = [Float](repeating: 0, count: 16 * rows * width)
        // A tile's last row panel reads up to 5 values past channel C_in − 1: the next tile's, or past V's end.
        let slack = StridedTileKernel.rows
        transformedGradient.withUnsafeMutableBufferPointer { du in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: vCount + slack + mCount) { buffer in
                let (v, dm) = (buffer.baseAddress!, buffer.baseAddress! + vCount + slack)
                (v + vCount).initialize(repeating: 0, count: slack)
                for first in stride(from: 0, to: tiles, by: blockSize) {
                    let count = Swift.min(blockSize, tiles - first)
                    ThreadPool.parallelChunks((count + 5) / 6, grain: 4) { panelRange in
                        let local = (panelRange.lowerBound * 6)..<Swift.min(count, panelRange.upperBound * 6)
                        let range = (first + local.lowerBound)..<(first + local.upperBound)
                        ElementwiseKernels.winogradInput(self, x, tiles: range, blockTiles: blockSize, into: v + local.lowerBound * channels)
                        ElementwiseKernels.winogradOutputGradient(self, dz, tiles: range, blockTiles: blockSize,
                                                                  into: dm + local.lowerBound * width)
                    }
                    ThreadPool.parallelFor(16 * panels) { task in
                        let (plane, panel) = task.quotientAndRemainder(dividingBy: panels)
                        let (a, b) = (v + plane * blockSize * channels, dm + plane * blockSize * width + panel * 16)
                        for k in stride(from: 0, to: count, by: Self.gradientDepthBlock) {
                            for row in stride(from: 0, to: rows, by: StridedTileKernel.rows) {
                                StridedTileKernel.multiply(depth: Swift.min(Self.gradientDepthBlock, count - k), transposedA: a + k * channels + row,
                                                           lda: channels, b: b + k * width, bDepth: width,
                                                           c: du.baseAddress! + (plane * rows + row) * width + panel * 16, ldc: width,
                                                           accumulate: first > 0 || k > 0)
                            }
                        }
                    }
                }
            }
        }
        let outputs = outputChannels
        return [Float](unsafeUninitializedCapacity: 9 * channels * outputs) { dw, initialized in
            transformedGradient.withUnsafeBufferPointer { du in
                for c in 0..<channels {
                    for o in 0..<outputs {
                        func q(_ i: Int, _ j: Int) -> Float { du[((i * 4 + j) * rows + c) * width + o] }
                        // Gᵀ·∂L/∂U: each column through Gᵀ (3×4); then each row of that through Gᵀ (·G).
                        let (c0, c1) = (Self.kernelGradientTransform(q(0, 0), q(1, 0), q(2, 0), q(3, 0)),
                                        Self.kernelGradientTransform(q(0, 1), q(1, 1), q(2, 1), q(3, 1)))
                        let (c2, c3) = (Self.kernelGradientTransform(q(0, 2), q(1, 2), q(2, 2), q(3, 2)),
                                        Self.kernelGradientTransform(q(0, 3), q(1, 3), q(2, 3), q(3, 3)))
                        func store(_ u: Int, _ row: (Float, Float, Float, Float)) {
                            let g = Self.kernelGradientTransform(row.0, row.1, row.2, row.3)
                            let at = (u * 3 * channels + c) * outputs + o, step = channels * outputs
                            (dw[at], dw[at + step], dw[at + 2 * step]) = g
                        }
                        store(0, (c0.0, c1.0, c2.0, c3.0))
                        store(1, (c0.1, c1.1, c2.1, c3.1))
                        store(2, (c0.2, c1.2, c2.2, c3.2))
                    }
                }
            }
            initialized = 9 * channels * outputs
        }
    }

    /// Gᵀ·(q0, q1, q2, q3) = (q0 + ½(q1 + q2), ½(q1 − q2), ½(q1 + q2) + q3).
    @inline(__always)
    static func kernelGradientTransform(_ q0: Float, _ q1: Float, _ q2: Float, _ q3: Float) -> (Float, Float, Float) {
        let half = 0.5 * (q1 + q2)
        return (q0 + half, 0.5 * (q1 - q2), half + q3)
    }
}
