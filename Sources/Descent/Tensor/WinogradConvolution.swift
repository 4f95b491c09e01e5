import DescentKernels

/// A 3×3 convolution with stride 1 by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray,
/// "Fast Algorithms for Convolutional Neural Networks", 2016): each 2×2 block of outputs (a
/// tile) from the 4×4 input patch d that covers it, per input channel c and output channel o,
///
///     Y = Aᵀ·[ Σ_c (G·g_co·Gᵀ) ⊙ (Bᵀ·d_c·B) ]·A
///
///          ⎡1  0 −1  0⎤        ⎡1    0    0 ⎤
///     Bᵀ = ⎢0  1  1  0⎥    G = ⎢½    ½    ½ ⎥    Aᵀ = ⎡1  1  1  0⎤
///          ⎢0 −1  1  0⎥        ⎢½   −½    ½ ⎥         ⎣0  1 −1 −1⎦
///          ⎣0  1  0 −1⎦        ⎣0    0    1 ⎦
///
/// With U = G·g·Gᵀ and V = Bᵀ·d·B (4×4 each), the sum over c is, for each of the 16 positions
/// ξν of the 4×4, one product of a [tiles, C_in] matrix by a [C_in, C_out] one:
///
///     M_ξν = V_ξν · U_ξν      then Y = Aᵀ·M·A per tile and output channel
///
/// 16 products of depth C_in in place of one of depth 9·C_in for four outputs: 2.25× fewer
/// multiplications than im2col and GEMM; the transforms are additions (and halvings of the
/// kernel). Rounding differs from the direct sum: the products are over transformed values,
/// within the Float32 error bound of a sum of 9·C_in terms times a small constant.
///
/// The tiles run in blocks of `blockTiles` (whole 6-row panels), blocks in parallel: a block's
/// V and M stay in the core's L2 cache, V is written row-major where `RowMajorTileKernel`
/// reads it, and the outputs are finished (bias, ReLU) as they leave the block. Tiles past the
/// output's bottom or right edge (odd sizes) read zeros and write nothing. A tile depends on
/// nothing but its own patch, so the result is the same for any thread count or block size.
///
/// The same plan computes ∂L/∂x of such a convolution (`inputGradientConvolution`): the output
/// gradient correlated with the kernel turned by 180°, input and output channels swapped.
struct WinogradConvolution {
    let batch: Int
    let inputHeight: Int, inputWidth: Int, inputChannels: Int
    let outputHeight: Int, outputWidth: Int, outputChannels: Int
    /// Output (i, j) is centred on input (i − padTop + 1, j − padLeft + 1); the patch of tile
    /// (ty, tx) starts at input row 2·ty − padTop and column 2·tx − padLeft.
    let padTop: Int, padLeft: Int

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

    init(batch: Int, input: (Int, Int, Int), output: (Int, Int, Int), padTop: Int, padLeft: Int) {
        self.batch = batch
        (inputHeight, inputWidth, inputChannels) = input
        (outputHeight, outputWidth, outputChannels) = output
        (self.padTop, self.padLeft) = (padTop, padLeft)
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

    var tilesHigh: Int { (outputHeight + 1) / 2 }
    var tilesWide: Int { (outputWidth + 1) / 2 }
    var tiles: Int { batch * tilesHigh * tilesWide }
    /// Output channels rounded up to whole panels of `RowMajorTileKernel.columns`.
    var paddedOutputChannels: Int { (outputChannels + 15) / 16 * 16 }

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
                    transformInput(input, tiles: first..<(first + count), blockTiles: blockSize, into: v)
                    multiply(v, u, rows: (count + 5) / 6 * 6, blockTiles: blockSize, into: m)
                    transformOutput(m, tiles: first..<(first + count), blockTiles: blockSize,
                                    bias: bias == nil ? nil : b.baseAddress!, rectified: rectified, into: out)
                }
            }
        }
    }

    /// Calls `body(local, sample, ty, tx)` for each tile of `range`, in order.
    @inline(__always)
    private func forEachTile(_ range: Range<Int>, _ body: (_ local: Int, _ sample: Int, _ ty: Int, _ tx: Int) -> Void) {
        let perImage = tilesHigh * tilesWide
        var (sample, within) = range.lowerBound.quotientAndRemainder(dividingBy: perImage)
        var (ty, tx) = within.quotientAndRemainder(dividingBy: tilesWide)
        for local in 0..<range.count {
            body(local, sample, ty, tx)
            tx += 1
            if tx == tilesWide {
                (ty, tx) = (ty + 1, 0)
                if ty == tilesHigh { (sample, ty) = (sample + 1, 0) }
            }
        }
    }

    /// V_ξν[t, c] = (Bᵀ·d·B)[ξ, ν] for the tiles of `range`, at v + (ξν·blockTiles + t)·C_in + c
    /// (t the tile's place in the block); rows up to the next whole panel of 6 are zero.
    private func transformInput(_ x: UnsafePointer<Float>, tiles range: Range<Int>, blockTiles: Int,
                                into v: UnsafeMutablePointer<Float>) {
        let channels = inputChannels
        let planeStride = blockTiles * channels
        let padded = (range.count + 5) / 6 * 6
        for plane in 0..<16 { (v + plane * planeStride + range.count * channels).update(repeating: 0, count: (padded - range.count) * channels) }
        let (from, to) = (LanePointer(x), LanePointer(v))
        forEachTile(range) { local, sample, ty, tx in
            let (top, left) = (2 * ty - padTop, 2 * tx - padLeft)
            for c in stride(from: 0, to: channels, by: Lanes.scalarCount) {
                let width = Swift.min(Lanes.scalarCount, channels - c)
                /// Row a of d·B: the patch's row a (zero outside the input) through B on its columns.
                func row(_ a: Int) -> (Lanes, Lanes, Lanes, Lanes) {
                    let y = top + a
                    guard y >= 0 && y < inputHeight else { return (Lanes(), Lanes(), Lanes(), Lanes()) }
                    let line = ((sample * inputHeight + y) * inputWidth + left) * channels + c
                    func pixel(_ b: Int) -> Lanes {
                        left + b >= 0 && left + b < inputWidth ? from[line + b * channels, width] : Lanes()
                    }
                    return Self.inputTransform(pixel(0), pixel(1), pixel(2), pixel(3))
                }
                let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3))
                /// Column j of Bᵀ·(d·B) into planes j, 4 + j, 8 + j, 12 + j.
                func store(_ j: Int, _ column: (Lanes, Lanes, Lanes, Lanes)) {
                    let v = Self.inputTransform(column.0, column.1, column.2, column.3)
                    let at = (j * blockTiles + local) * channels + c
                    to[at, width] = v.0
                    to[at + 4 * planeStride, width] = v.1
                    to[at + 8 * planeStride, width] = v.2
                    to[at + 12 * planeStride, width] = v.3
                }
                store(0, (r0.0, r1.0, r2.0, r3.0))
                store(1, (r0.1, r1.1, r2.1, r3.1))
                store(2, (r0.2, r1.2, r2.2, r3.2))
                store(3, (r0.3, r1.3, r2.3, r3.3))
            }
        }
    }

    /// Bᵀ·(d0, d1, d2, d3) = (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
    @inline(__always)
    static func inputTransform(_ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes) -> (Lanes, Lanes, Lanes, Lanes) {
        (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
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

    /// Y = Aᵀ·M·A for the tiles of `range`, plus the bias and rectified when asked, written to
    /// the outputs of each tile that lie inside [H_out, W_out].
    private func transformOutput(_ m: UnsafePointer<Float>, tiles range: Range<Int>, blockTiles: Int,
                                 bias: UnsafePointer<Float>?, rectified: Bool, into out: UnsafeMutablePointer<Float>) {
        let (channels, width) = (outputChannels, paddedOutputChannels)
        let planeStride = blockTiles * width
        let (from, to) = (LanePointer(m), LanePointer(out))
        forEachTile(range) { local, sample, ty, tx in
            let rowsInside = Swift.min(2, outputHeight - 2 * ty), columnsInside = Swift.min(2, outputWidth - 2 * tx)
            for o in stride(from: 0, to: channels, by: Lanes.scalarCount) {
                let count = Swift.min(Lanes.scalarCount, channels - o)
                let at = local * width + o
                /// Row a of M·A: planes 4a … 4a + 3 through A on the columns.
                func row(_ a: Int) -> (Lanes, Lanes) {
                    let p = at + 4 * a * planeStride
                    return Self.outputTransform(from[p, 16], from[p + planeStride, 16], from[p + 2 * planeStride, 16],
                                                from[p + 3 * planeStride, 16])
                }
                let (s0, s1, s2, s3) = (row(0), row(1), row(2), row(3))
                let (left, right) = (Self.outputTransform(s0.0, s1.0, s2.0, s3.0), Self.outputTransform(s0.1, s1.1, s2.1, s3.1))
                func write(_ a: Int, _ b: Int, _ value: Lanes) {
                    guard a < rowsInside && b < columnsInside else { return }
                    let z = bias.map { value + LanePointer($0)[o, 16] } ?? value
                    to[((sample * outputHeight + 2 * ty + a) * outputWidth + 2 * tx + b) * channels + o, count] = rectified ? z.rectified : z
                }
                write(0, 0, left.0)
                write(1, 0, left.1)
                write(0, 1, right.0)
                write(1, 1, right.1)
            }
        }
    }

    /// Aᵀ·(m0, m1, m2, m3) = (m0 + m1 + m2, m1 − m2 − m3).
    @inline(__always)
    static func outputTransform(_ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes) -> (Lanes, Lanes) {
        (m0 + m1 + m2, m1 - m2 - m3)
    }
}
