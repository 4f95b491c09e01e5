import DescentKernels

/// The shallow lowering of a convolution: one group and a window of at most `shallowDepthLimit`
/// values (kh·kw·C_in), such as the first layer of an image network (3·3·1 = 9 for MNIST,
/// 3·3·3 = 27 for RGB).
///
/// Its products are too thin for a BLAS to run well: Y = X̂·W has depth 9, and each element of
/// ∂L/∂W = X̂ᵀ·G sums N·H·W terms into a 9×C_out result that a BLAS computes on one thread. So
/// the GEMM micro-kernel (`microKernel`, the CPU's best) is called directly on panels packed here:
///
///     columns:   X̂ stored as tap panels of mr taps, [tapPanels, rows, mr], taps past the last 0
///     forward:   per block of rows, X̂ transposed into row panels; Y = b + X̂·W (+ ReLU), in cache
///     backward:  ∂L/∂z = G ⊙ [y > 0] (or G) packed in column panels; ∂L/∂W = Σ_chunks X̂_cᵀ·(∂L/∂z)_c
///
/// The tap panels are the A operand of ∂L/∂W as they stand, so windows are gathered once per
/// step. ∂L/∂W is summed over fixed chunks of rows, each chunk by the micro-kernel in row
/// order, and the chunk sums are added in order: the result does not depend on the thread
/// count. The bias gradient is `outputGradient`'s chunked sum, bit for bit. ∂L/∂x, when the
/// input needs one, takes the usual path (`inputGradient`), which needs no columns.
extension ConvolutionPlan {
    /// The deepest window the shallow lowering takes.
    static let shallowDepthLimit = 64

    /// Whether `convolved2D` takes the shallow lowering rather than im2col and a BLAS.
    var isShallow: Bool { groups == 1 && !isPointwise && depth <= Self.shallowDepthLimit }

    /// X̂ as tap panels for the micro-kernel (of height mr): X̂[r, t] at (t / mr)·rows·mr + r·mr + t % mr.
    func shallowColumns(_ input: [Float]) -> [Float] {
        let mr = microKernel.rows
        let tapPanels = (depth + mr - 1) / mr
        let total = tapPanels * rows * mr
        let tapOffsets = (0..<depth).map { ($0 / mr) * rows * mr + $0 % mr }
        return [Float](unsafeUninitializedCapacity: total) { columns, initialized in
            guard let base = columns.baseAddress, total > 0 else { initialized = 0; return }
            // Taps past the last one (tapPanels·mr > depth) are zero.
            let lastPanel = base + (tapPanels - 1) * rows * mr, used = depth - (tapPanels - 1) * mr
            for r in 0..<rows { (lastPanel + r * mr + used).initialize(repeating: 0, count: mr - used) }
            input.withUnsafeBufferPointer { x in
                tapOffsets.withUnsafeBufferPointer { offsets in
                    ThreadPool.parallelChunks(rows, grain: 256) { range in
                        gatherWindows(x.baseAddress!, rows: range, rowStride: mr, tapOffsets: offsets.baseAddress!,
                                      into: base + range.lowerBound * mr)
                    }
                }
            }
            initialized = total
        }
    }

    /// Writes X̂[r, t] — the input value under tap t = (u·kw + v)·C_in + c of output position
    /// r's window, 0 in the padding — to `destination[(r − rows.lowerBound)·rowStride + tapOffsets[t]]`
    /// for every r in `rows`. Positions are walked in order (no division per row). A window
    /// inside the input copies each tap from its offset to the window's corner; one that
    /// overlaps the padding checks tap by tap. Runs are a few scalars, shorter than a call to
    /// memmove is worth, so every value is copied by hand.
    private func gatherWindows(_ x: UnsafePointer<Float>, rows: Range<Int>, rowStride: Int,
                               tapOffsets: UnsafePointer<Int>, into destination: UnsafeMutablePointer<Float>) {
        let g = geometry
        guard !rows.isEmpty else { return }
        let (channels, lineLength) = (inputChannels, g.inputWidth * inputChannels)
        let extent = ((g.kernelHeight - 1) * g.dilationHeight, (g.kernelWidth - 1) * g.dilationWidth)
        // Tap t's offset from the corner of its window: (u·d_h·W + v·d_w)·C + c.
        var cornerOffsets = [Int]()
        cornerOffsets.reserveCapacity(depth)
        for u in 0..<g.kernelHeight {
            for v in 0..<g.kernelWidth {
                for c in 0..<channels { cornerOffsets.append(u * g.dilationHeight * lineLength + v * g.dilationWidth * channels + c) }
            }
        }
        let (sampleStart, position) = rows.lowerBound.quotientAndRemainder(dividingBy: positions)
        var sample = sampleStart
        var (i, j) = position.quotientAndRemainder(dividingBy: g.outputWidth)
        cornerOffsets.withUnsafeBufferPointer { corner in
            let fromCorner = corner.baseAddress!
            for q in 0..<rows.count {
                // Wrapping arithmetic: every index here is bounded by the tensor sizes.
                let row = destination + q &* rowStride
                let (top, left) = (i &* g.strideHeight &- g.padTop, j &* g.strideWidth &- g.padLeft)
                let image = x + sample &* g.inputHeight &* lineLength
                if top >= 0 && top &+ extent.0 < g.inputHeight && left >= 0 && left &+ extent.1 < g.inputWidth {
                    let window = image + (top &* lineLength &+ left &* channels)
                    var t = 0
                    repeat {
                        row[tapOffsets[t]] = window[fromCorner[t]]
                        t &+= 1
                    } while t < depth
                } else {
                    var t = 0
                    for u in 0..<g.kernelHeight {
                        let y = top &+ u &* g.dilationHeight
                        for v in 0..<g.kernelWidth {
                            let column = left &+ v &* g.dilationWidth
                            let inside = y >= 0 && y < g.inputHeight && column >= 0 && column < g.inputWidth
                            let from = image + (y &* lineLength &+ column &* channels)
                            var c = 0
                            repeat {
                                row[tapOffsets[t &+ c]] = inside ? from[c] : 0
                                c &+= 1
                            } while c < channels
                            t &+= channels
                        }
                    }
                }
                j &+= 1
                if j == g.outputWidth {
                    (i, j) = (i &+ 1, 0)
                    if i == g.outputHeight { (sample, i) = (sample &+ 1, 0) }
                }
            }
        }
    }

    /// out ← b + X̂·W (0 + X̂·W without a bias), then max(·, 0) when `rectified`, from
    /// `shallowColumns`, a block of 16 row panels at a time; blocks run in parallel.
    func multiplyShallow(_ columns: [Float], _ kernel: [Float], bias: [Float]?, rectified: Bool,
                         into out: UnsafeMutablePointer<Float>) {
        let gemm = microKernel
        let (mr, nr, cout) = (gemm.rows, gemm.columns, outputChannels)
        let columnPanels = (cout + nr - 1) / nr
        let packedKernel = [Float](unsafeUninitializedCapacity: columnPanels * nr * depth) { packed, initialized in
            kernel.withUnsafeBufferPointer { w in
                GEMMPacking.packB(w.baseAddress!, ldb: cout, transposed: false, rows: 0..<depth,
                                  columns: 0..<cout, panels: 0..<columnPanels, nr: nr, into: packed.baseAddress!)
            }
            initialized = columnPanels * nr * depth
        }
        let blockRows = mr * 16
        let blocks = (rows + blockRows - 1) / blockRows
        guard blocks > 0, cout > 0 else { return }
        columns.withUnsafeBufferPointer { xp in
            packedKernel.withUnsafeBufferPointer { wp in
                let (x, w) = (xp.baseAddress!, wp.baseAddress!)
                ThreadPool.parallelFor(blocks) { block in
                    let first = block * blockRows, count = Swift.min(blockRows, rows - first)
                    let tile = out + first * cout
                    if let bias {
                        fillRows(out, with: bias, rowsOnThisThread: first..<(first + count))
                    } else {
                        tile.update(repeating: 0, count: count * cout)
                    }
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: mr * depth) { buffer in
                        let panel = buffer.baseAddress!
                        for start in stride(from: 0, to: count, by: mr) {
                            let height = Swift.min(mr, count - start)
                            packRowPanel(x, rows: (first + start)..<(first + start + height), mr: mr, into: panel)
                            for column in stride(from: 0, to: cout, by: nr) {
                                gemm.multiplyTile(depth: depth, a: panel, b: w + column * depth, c: tile + start * cout + column,
                                                  ldc: cout, height: height, width: Swift.min(nr, cout - column))
                            }
                        }
                    }
                    if rectified { Tensor.rectify(LanePointer(tile), into: LanePointer(tile), count: count * cout) }
                }
            }
        }
    }

    /// The row panel of X̂ for rows `rows` (at most mr), packed k-major as the micro-kernel's A
    /// operand: X̂[first + i, t] at t·mr + i, rows past the end 0; read from the tap panels.
    private func packRowPanel(_ columns: UnsafePointer<Float>, rows range: Range<Int>, mr: Int,
                              into panel: UnsafeMutablePointer<Float>) {
        let height = range.count
        var t = 0
        for tapPanel in 0..<((depth + mr - 1) / mr) {
            let from = columns + (tapPanel &* rows &* mr &+ range.lowerBound &* mr)
            for tt in 0..<Swift.min(mr, depth - t) {
                let to = panel + t &* mr
                for i in 0..<height { to[i] = from[i &* mr &+ tt] }
                for i in height..<mr { to[i] = 0 }
                t &+= 1
            }
        }
    }

    /// Rows per chunk of ∂L/∂W: whole bias chunks, and at most `kernelGradientChunks` chunks.
    static let kernelGradientChunks = 32

    /// ∂L/∂W = Σ_r X̂[r, :]ᵀ ⊗ ∂L/∂z[r, :] and, when `summingBias`, ∂L/∂b, for ∂L/∂z = G ⊙ [y > 0]
    /// (y the rectified output) or G, from `shallowColumns`. Each chunk packs its ∂L/∂z (the B
    /// operand) `biasChunkRows` rows at a time and lets the micro-kernel add X̂ᵀ·∂L/∂z of those
    /// rows to the chunk's sum.
    func kernelGradientShallow(_ columns: [Float], _ g: [Float], rectifiedOutput y: [Float]?,
                               summingBias: Bool) -> (kernel: [Float], bias: [Float]?) {
        let gemm = microKernel
        let (mr, nr, cout, step) = (gemm.rows, gemm.columns, outputChannels, Self.biasChunkRows)
        let (tapPanels, columnPanels) = ((depth + mr - 1) / mr, (cout + nr - 1) / nr)
        let steps = (rows + step - 1) / step
        let stepsPerChunk = Swift.max(1, (steps + Self.kernelGradientChunks - 1) / Self.kernelGradientChunks)
        let chunks = (steps + stepsPerChunk - 1) / stepsPerChunk
        // −0 starts each chunk's sum: −0 + x = x.
        var partialKernel = [Float](repeating: -0.0, count: chunks * depth * cout)
        var partialBias = [Float](repeating: 0, count: summingBias ? steps * cout : 0)
        columns.withUnsafeBufferPointer { xp in
            partialKernel.withUnsafeMutableBufferPointer { kernelSums in
                partialBias.withUnsafeMutableBufferPointer { biasSums in
                    guard rows > 0, cout > 0 else { return }
                    let x = xp.baseAddress!
                    ThreadPool.parallelFor(chunks) { chunk in
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: columnPanels * nr * step) { buffer in
                            let gradients = buffer.baseAddress!
                            let sum = kernelSums.baseAddress! + chunk * depth * cout
                            for s in (chunk * stepsPerChunk)..<Swift.min(steps, (chunk + 1) * stepsPerChunk) {
                                let first = s * step, count = Swift.min(step, rows - first)
                                packOutputGradient(g, rectifiedOutput: y, rows: first..<(first + count), nr: nr, into: gradients,
                                                   biasSum: summingBias ? biasSums.baseAddress! + s * cout : nil)
                                for ip in 0..<tapPanels {
                                    for jp in 0..<columnPanels {
                                        gemm.multiplyTile(depth: count, a: x + ip * rows * mr + first * mr, b: gradients + jp * nr * step,
                                                          c: sum + ip * mr * cout + jp * nr, ldc: cout,
                                                          height: Swift.min(mr, depth - ip * mr), width: Swift.min(nr, cout - jp * nr))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let kernelGradient = Self.sumInOrder(partialKernel, parts: chunks, width: depth * cout)
        return (kernelGradient, summingBias ? Self.sumInOrder(partialBias, parts: steps, width: cout) : nil)
    }

    /// ∂L/∂z for rows `rows` — G ⊙ [y > 0] written g·1 or g·0 (as `outputGradient`), or G — packed
    /// as the micro-kernel's B operand: column panel jp holds ∂L/∂z[first + p, jp·nr + j] at
    /// jp·nr·biasChunkRows + p·nr + j, zero past the last channel. Adds each row to `biasSum`,
    /// in row order, when given.
    private func packOutputGradient(_ g: [Float], rectifiedOutput y: [Float]?, rows range: Range<Int>, nr: Int,
                                    into panels: UnsafeMutablePointer<Float>, biasSum: UnsafeMutablePointer<Float>?) {
        let (cout, step) = (outputChannels, Self.biasChunkRows), paddedChannels = (cout + nr - 1) / nr * nr
        g.withUnsafeBufferPointer { gp in
            (y ?? g).withUnsafeBufferPointer { yp in
                let (gl, yl) = (LanePointer(gp.baseAddress!), LanePointer(yp.baseAddress!))
                for (p, r) in range.enumerated() {
                    for c in stride(from: 0, to: paddedChannels, by: Lanes.scalarCount) {
                        let width = Swift.max(0, Swift.min(Lanes.scalarCount, cout - c))
                        var d = Lanes(repeating: 0)
                        if width > 0 {
                            d = gl[r * cout + c, width]
                            if y != nil { d = d.gatedByReLU(output: yl[r * cout + c, width]) }
                            if let biasSum { LanePointer(biasSum)[c, width] = LanePointer(biasSum)[c, width] + d }
                        }
                        LanePointer(panels + (c / nr) * nr * step + p * nr)[c % nr, Lanes.scalarCount] = d
                    }
                }
            }
        }
    }
}
