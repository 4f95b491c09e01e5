/// Sixteen Float lanes, as in Descent's elementwise kernels.
@usableFromInline typealias Lanes = SIMD16<Float>

/// Lane loads and stores of up to 16 floats: a block shorter than 16 (the tail of a channel
/// run) is padded with zeros on load and written back only up to its width.
@inlinable @inline(__always)
func loadLanes(_ p: UnsafePointer<Float>, _ width: Int) -> Lanes {
    if width == 16 { return UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
    var lanes = Lanes()
    for k in 0..<width { lanes[k] = p[k] }
    return lanes
}

@inlinable @inline(__always)
func storeLanes(_ value: Lanes, _ p: UnsafeMutablePointer<Float>, _ width: Int) {
    if width == 16 {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: Lanes.self)
    } else {
        for k in 0..<width { p[k] = value[k] }
    }
}

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
/// The transforms live here, written once and compiled into each instruction-set target like
/// `adamBody` (additions, subtractions and the bias only, so every target gives the same bits);
/// Descent chooses the path, transforms the kernel and runs the products.
///
/// The tiles run in blocks of `blockTiles` (whole 6-row panels), blocks in parallel: a block's
/// V and M stay in the core's L2 cache, V is written row-major where `StridedTileKernel`
/// reads it, and the outputs are finished (bias, ReLU) as they leave the block. Tiles past the
/// output's bottom or right edge (odd sizes) read zeros and write nothing. A tile depends on
/// nothing but its own patch, so the result is the same for any thread count or block size.
///
/// The same plan computes ∂L/∂x of such a convolution (`inputGradientConvolution`): the output
/// gradient correlated with the kernel turned by 180°, input and output channels swapped. And
/// ∂L/∂W, by the same products run backwards (`kernelGradient`): with ∂L/∂Y the 2×2 output
/// gradient of a tile,
///
///     ∂L/∂M = A·∂L/∂Y·Aᵀ      ∂L/∂U_ξν = Σ_tiles V_ξνᵀ·∂L/∂M_ξν      ∂L/∂g = Gᵀ·∂L/∂U·G
public struct WinogradConvolution: Equatable, Sendable {
    public let batch: Int
    public let inputHeight: Int, inputWidth: Int, inputChannels: Int
    public let outputHeight: Int, outputWidth: Int, outputChannels: Int
    /// Output (i, j) is centred on input (i − padTop + 1, j − padLeft + 1); the patch of tile
    /// (ty, tx) starts at input row 2·ty − padTop and column 2·tx − padLeft.
    public let padTop: Int, padLeft: Int

    public init(batch: Int, input: (Int, Int, Int), output: (Int, Int, Int), padTop: Int, padLeft: Int) {
        self.batch = batch
        (inputHeight, inputWidth, inputChannels) = input
        (outputHeight, outputWidth, outputChannels) = output
        (self.padTop, self.padLeft) = (padTop, padLeft)
    }

    @inlinable public var tilesHigh: Int { (outputHeight + 1) / 2 }
    @inlinable public var tilesWide: Int { (outputWidth + 1) / 2 }
    @inlinable public var tiles: Int { batch * tilesHigh * tilesWide }
    /// Output channels rounded up to whole panels of `StridedTileKernel.columns`.
    @inlinable public var paddedOutputChannels: Int { (outputChannels + 15) / 16 * 16 }

    /// Calls `body(local, sample, ty, tx)` for each tile of `range`, in order.
    @inlinable @inline(__always)
    func forEachTile(_ range: Range<Int>, _ body: (_ local: Int, _ sample: Int, _ ty: Int, _ tx: Int) -> Void) {
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
    /// (t the tile's place in the block), computed as Bᵀ·(d·B); rows up to the next whole panel
    /// of 6 are zero.
    @inlinable @inline(__always)
    public func transformInput(_ x: UnsafePointer<Float>, tiles range: Range<Int>, blockTiles: Int,
                               into v: UnsafeMutablePointer<Float>) {
        let channels = inputChannels
        let planeStride = blockTiles * channels
        let padded = (range.count + 5) / 6 * 6
        for plane in 0..<16 { (v + plane * planeStride + range.count * channels).update(repeating: 0, count: (padded - range.count) * channels) }
        forEachTile(range) { local, sample, ty, tx in
            let (top, left) = (2 * ty - padTop, 2 * tx - padLeft)
            for c in stride(from: 0, to: channels, by: 16) {
                let width = Swift.min(16, channels - c)
                /// Row a of d·B: the patch's row a (zero outside the input) through B on its columns.
                func row(_ a: Int) -> (Lanes, Lanes, Lanes, Lanes) {
                    let y = top + a
                    guard y >= 0 && y < inputHeight else { return (Lanes(), Lanes(), Lanes(), Lanes()) }
                    let line = ((sample * inputHeight + y) * inputWidth + left) * channels + c
                    func pixel(_ b: Int) -> Lanes {
                        left + b >= 0 && left + b < inputWidth ? loadLanes(x + line + b * channels, width) : Lanes()
                    }
                    return Self.inputTransform(pixel(0), pixel(1), pixel(2), pixel(3))
                }
                let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3))
                /// Column j of Bᵀ·(d·B) into planes j, 4 + j, 8 + j, 12 + j.
                func store(_ j: Int, _ column: (Lanes, Lanes, Lanes, Lanes)) {
                    let t = Self.inputTransform(column.0, column.1, column.2, column.3)
                    let at = (j * blockTiles + local) * channels + c
                    storeLanes(t.0, v + at, width)
                    storeLanes(t.1, v + at + 4 * planeStride, width)
                    storeLanes(t.2, v + at + 8 * planeStride, width)
                    storeLanes(t.3, v + at + 12 * planeStride, width)
                }
                store(0, (r0.0, r1.0, r2.0, r3.0))
                store(1, (r0.1, r1.1, r2.1, r3.1))
                store(2, (r0.2, r1.2, r2.2, r3.2))
                store(3, (r0.3, r1.3, r2.3, r3.3))
            }
        }
    }

    /// Bᵀ·(d0, d1, d2, d3) = (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
    @inlinable @inline(__always)
    static func inputTransform(_ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes) -> (Lanes, Lanes, Lanes, Lanes) {
        (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
    }

    /// Y = Aᵀ·M·A for the tiles of `range`, plus the bias and rectified when asked, written to
    /// the outputs of each tile that lie inside [H_out, W_out].
    @inlinable @inline(__always)
    public func transformOutput(_ m: UnsafePointer<Float>, tiles range: Range<Int>, blockTiles: Int,
                                bias: UnsafePointer<Float>?, rectified: Bool, into out: UnsafeMutablePointer<Float>) {
        let (channels, width) = (outputChannels, paddedOutputChannels)
        let planeStride = blockTiles * width
        forEachTile(range) { local, sample, ty, tx in
            let rowsInside = Swift.min(2, outputHeight - 2 * ty), columnsInside = Swift.min(2, outputWidth - 2 * tx)
            for o in stride(from: 0, to: channels, by: 16) {
                let count = Swift.min(16, channels - o)
                let at = local * width + o
                /// Row a of M·A: planes 4a … 4a + 3 through A on the columns.
                func row(_ a: Int) -> (Lanes, Lanes) {
                    let p = at + 4 * a * planeStride
                    return Self.outputTransform(loadLanes(m + p, 16), loadLanes(m + p + planeStride, 16),
                                                loadLanes(m + p + 2 * planeStride, 16), loadLanes(m + p + 3 * planeStride, 16))
                }
                let (s0, s1, s2, s3) = (row(0), row(1), row(2), row(3))
                let (left, right) = (Self.outputTransform(s0.0, s1.0, s2.0, s3.0), Self.outputTransform(s0.1, s1.1, s2.1, s3.1))
                func write(_ a: Int, _ b: Int, _ value: Lanes) {
                    guard a < rowsInside && b < columnsInside else { return }
                    let z = bias.map { value + loadLanes($0 + o, 16) } ?? value
                    // max(z, 0) written z > 0 ? z : 0 (NaN becomes 0), as Descent's ReLU
                    let y = rectified ? Lanes(repeating: 0).replacing(with: z, where: z .> 0) : z
                    storeLanes(y, out + ((sample * outputHeight + 2 * ty + a) * outputWidth + 2 * tx + b) * channels + o, count)
                }
                write(0, 0, left.0)
                write(1, 0, left.1)
                write(0, 1, right.0)
                write(1, 1, right.1)
            }
        }
    }

    /// Aᵀ·(m0, m1, m2, m3) = (m0 + m1 + m2, m1 − m2 − m3).
    @inlinable @inline(__always)
    static func outputTransform(_ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes) -> (Lanes, Lanes) {
        (m0 + m1 + m2, m1 - m2 - m3)
    }

    /// ∂L/∂M_ξν[t, o] = (A·∂L/∂Y·Aᵀ)[ξ, ν] for the tiles of `range`, ∂L/∂Y the tile's 2×2 of the
    /// output gradient `g` (NHWC [N, H_out, W_out, C_out], zero past the output's edge), at
    /// dm + (ξν·blockTiles + t)·C_out′ + o, zero past the last channel.
    @inlinable @inline(__always)
    public func transformOutputGradient(_ g: UnsafePointer<Float>, tiles range: Range<Int>, blockTiles: Int,
                                        into dm: UnsafeMutablePointer<Float>) {
        let (channels, width) = (outputChannels, paddedOutputChannels)
        let planeStride = blockTiles * width
        forEachTile(range) { local, sample, ty, tx in
            let rowsInside = Swift.min(2, outputHeight - 2 * ty), columnsInside = Swift.min(2, outputWidth - 2 * tx)
            for o in stride(from: 0, to: channels, by: 16) {
                let count = Swift.min(16, channels - o)
                func gradient(_ a: Int, _ b: Int) -> Lanes {
                    guard a < rowsInside && b < columnsInside else { return Lanes() }
                    return loadLanes(g + ((sample * outputHeight + 2 * ty + a) * outputWidth + 2 * tx + b) * channels + o, count)
                }
                // A·∂L/∂Y: each column through A; then each row of that through A (·Aᵀ).
                let (left, right) = (Self.gradientTransform(gradient(0, 0), gradient(1, 0)),
                                     Self.gradientTransform(gradient(0, 1), gradient(1, 1)))
                func store(_ i: Int, _ row: (Lanes, Lanes)) {
                    let values = Self.gradientTransform(row.0, row.1)
                    let at = dm + (4 * i * blockTiles + local) * width + o
                    storeLanes(values.0, at, 16)
                    storeLanes(values.1, at + planeStride, 16)
                    storeLanes(values.2, at + 2 * planeStride, 16)
                    storeLanes(values.3, at + 3 * planeStride, 16)
                }
                store(0, (left.0, right.0))
                store(1, (left.1, right.1))
                store(2, (left.2, right.2))
                store(3, (left.3, right.3))
            }
        }
    }

    /// A·(p0, p1) = (p0, p0 + p1, p0 − p1, −p1).
    @inlinable @inline(__always)
    static func gradientTransform(_ p0: Lanes, _ p1: Lanes) -> (Lanes, Lanes, Lanes, Lanes) {
        (p0, p0 + p1, p0 - p1, -p1)
    }
}
