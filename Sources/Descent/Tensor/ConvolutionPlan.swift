import DescentKernels

/// The buffers and GEMMs of one convolution (see `Tensor.convolved2D`).
///
/// The column buffer holds, for each group g, a [rows, kh·kw·C_g] matrix (rows = N·H_out·W_out)
/// stored one group after another. A pointwise convolution (1×1, stride 1, no padding, one
/// group) needs no columns: the NHWC input already is that matrix.
struct ConvolutionPlan {
    let geometry: WindowGeometry
    let batch: Int, inputChannels: Int, outputChannels: Int, groups: Int
    /// The GEMM micro-kernel of the shallow lowering (`ConvolutionPlan+Shallow`); tests vary it.
    var microKernel = GEMMKernel.selected

    var groupInputChannels: Int { inputChannels / groups }
    var groupOutputChannels: Int { outputChannels / groups }
    /// Columns of one group's matrix: kh·kw·C_g.
    var depth: Int { geometry.kernelHeight * geometry.kernelWidth * groupInputChannels }
    var positions: Int { geometry.outputHeight * geometry.outputWidth }
    var rows: Int { batch * positions }

    var isPointwise: Bool {
        groups == 1 && geometry.kernelHeight == 1 && geometry.kernelWidth == 1 && geometry.strideHeight == 1
            && geometry.strideWidth == 1 && geometry.padTop == 0 && geometry.padLeft == 0
            && geometry.outputHeight == geometry.inputHeight && geometry.outputWidth == geometry.inputWidth
    }

    /// Calls `body(inputOffset, columnOffset, count)` for every run of `count` consecutive values
    /// that window row `r` takes from the input, in column order; `inputOffset` is nil where the
    /// run lies in the padding. Column offsets are into a buffer that holds rows
    /// `firstRow ..< firstRow + bufferRows` of each group's matrix. With one group and no horizontal dilation the taps of one kernel
    /// row that fall inside the input are adjacent pixels, so they form one run of up to kw·C.
    @inline(__always)
    func forEachRun(row r: Int, firstRow: Int = 0, bufferRows: Int? = nil, _ body: (_ input: Int?, _ column: Int, _ count: Int) -> Void) {
        let g = geometry
        let cg = groupInputChannels
        let (sample, position) = r.quotientAndRemainder(dividingBy: positions)
        let (i, j) = position.quotientAndRemainder(dividingBy: g.outputWidth)
        let x0 = j * g.strideWidth - g.padLeft
        func offset(_ y: Int, _ x: Int) -> Int { ((sample * g.inputHeight + y) * g.inputWidth + x) * inputChannels }
        if groups == 1 && g.dilationWidth == 1 {
            let kw = g.kernelWidth
            let low = Swift.min(Swift.max(-x0, 0), kw), high = Swift.max(Swift.min(g.inputWidth - x0, kw), low)
            var column = (r - firstRow) * depth
            for u in 0..<g.kernelHeight {
                let y = i * g.strideHeight - g.padTop + u * g.dilationHeight
                if y < 0 || y >= g.inputHeight {
                    body(nil, column, kw * cg)
                } else {
                    if low > 0 { body(nil, column, low * cg) }
                    if high > low { body(offset(y, x0 + low), column + low * cg, (high - low) * cg) }
                    if high < kw { body(nil, column + high * cg, (kw - high) * cg) }
                }
                column += kw * cg
            }
            return
        }
        for group in 0..<groups {
            var column = (group * (bufferRows ?? rows) + r - firstRow) * depth
            for u in 0..<g.kernelHeight {
                let y = i * g.strideHeight - g.padTop + u * g.dilationHeight
                for v in 0..<g.kernelWidth {
                    let x = x0 + v * g.dilationWidth
                    let inside = y >= 0 && y < g.inputHeight && x >= 0 && x < g.inputWidth
                    body(inside ? offset(y, x) + group * cg : nil, column, cg)
                    column += cg
                }
            }
        }
    }

    /// Scalars of one block's column buffer: 2 MiB, which stays in cache.
    static let blockScalars = 1 << 19

    /// The batch cut into blocks of whole samples, each block's column matrices at most
    /// `blockScalars` scalars (one sample when a sample alone holds more), the blocks as even as
    /// whole samples allow. Every pass of the column lowering walks these blocks in order; they
    /// depend on the shapes alone, never on the thread count.
    var sampleBlocks: [Range<Int>] {
        let fitting = Swift.max(1, Swift.min(batch, Self.blockScalars / Swift.max(groups * positions * depth, 1)))
        let count = (batch + fitting - 1) / fitting
        let size = Swift.max(1, (batch + count - 1) / Swift.max(count, 1))
        return Swift.stride(from: 0, to: batch, by: size).map { $0..<Swift.min(batch, $0 + size) }
    }

    /// Rows per group of a block's buffers: those of the first (largest) block of `sampleBlocks`.
    var blockRowCapacity: Int { (sampleBlocks.first?.count ?? 0) * positions }

    /// The rows (output positions) of `samples`.
    func rows(of samples: Range<Int>) -> Range<Int> { (samples.lowerBound * positions)..<(samples.upperBound * positions) }

    /// Writes rows `range` of every group's column matrix into `columns`, which holds
    /// `range.count` rows per group, one group after another. Rows split over the threads.
    func im2col(_ x: UnsafePointer<Float>, rows range: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        ThreadPool.parallelChunks(range.count, grain: 64) { chunk in
            for r in chunk {
                forEachRun(row: range.lowerBound + r, firstRow: range.lowerBound, bufferRows: range.count) { offset, column, count in
                    if let offset {
                        (columns + column).update(from: x + offset, count: count)
                    } else {
                        (columns + column).update(repeating: 0, count: count)
                    }
                }
            }
        }
    }

    /// Calls `body(samples, columns)` for every block of `sampleBlocks`, in order, with the
    /// block's column matrices (`im2col`) in one buffer reused from block to block. A pointwise
    /// convolution passes the block's rows of the input itself.
    func forEachColumnBlock(_ input: [Float], _ body: (_ samples: Range<Int>, _ columns: UnsafePointer<Float>) -> Void) {
        input.withUnsafeBufferPointer { source in
            guard let x = source.baseAddress, rows > 0, depth > 0 else { return }
            if isPointwise {
                for samples in sampleBlocks { body(samples, x + samples.lowerBound * positions * depth) }
                return
            }
            withUnsafeTemporaryAllocation(of: Float.self, capacity: groups * blockRowCapacity * depth) { buffer in
                let columns = buffer.baseAddress!
                for samples in sampleBlocks {
                    im2col(x, rows: rows(of: samples), into: columns)
                    body(samples, columns)
                }
            }
        }
    }

    /// out ← b + X̂·W (X̂·W without a bias), then max(·, 0) when `rectified`, a block of
    /// samples at a time: the block's columns are gathered into a buffer that stays in cache,
    /// its output rows filled with the bias, multiplied into (β = 1) and rectified while they
    /// are still in cache. No column matrix outlives the call.
    func forward(_ input: [Float], _ kernel: [Float], bias: [Float]?, rectified: Bool, into out: UnsafeMutablePointer<Float>) {
        let cout = outputChannels
        forEachColumnBlock(input) { samples, columns in
            let blockRows = rows(of: samples)
            let tile = out + blockRows.lowerBound * cout
            if let bias { fillRows(out, with: bias, rows: blockRows) }
            multiply(columns, kernel, rows: blockRows.count, into: tile, accumulate: bias != nil)
            if rectified { Tensor.rectify(LanePointer(tile), into: LanePointer(tile), count: blockRows.count * cout) }
        }
    }

    /// ∂L/∂W (when `kernelGradient`) and ∂L/∂x (when `inputGradient`) from ∂L/∂z, one block of
    /// samples at a time (`sampleBlocks`), the block's columns gathered again (`forEachColumnBlock`):
    ///
    ///     (∂L/∂W_g)ᵀ += (∂L/∂z_b,g)ᵀ · X̂_b,g        per block b in order, from 0
    ///     ∂L/∂x      += col2im(∂L/∂z_b,g · W_gᵀ)
    ///
    /// The BLAS computes the transpose of ∂L/∂W, [C_out/groups, kh·kw·C_g]: with the long
    /// dimension (rows) as the depth either way, OpenBLAS splits this orientation better over
    /// its threads (170 against 136 GFLOP/s for the cnn workload's second layer on two cores).
    /// The column gradient of a block goes into one reused buffer, then col2im adds each value
    /// back to the input element it was copied from, samples of the block in parallel; each
    /// input element receives its contributions in the same order as from a whole-batch
    /// col2im. A pointwise convolution's ∂L/∂x is G · Wᵀ itself, one product.
    func gradients(_ input: [Float], _ kernel: [Float], _ outputGradient: [Float],
                   kernelGradient needsKernel: Bool, inputGradient needsInput: Bool) -> (kernel: [Float]?, input: [Float]?) {
        let (og, cout) = (groupOutputChannels, outputChannels)
        var kernelTransposed = [Float](repeating: 0, count: needsKernel ? groups * og * depth : 0)
        var inputGradient: [Float]?
        if needsInput && isPointwise {
            inputGradient = [Float](unsafeUninitializedCapacity: rows * depth) { dx, initialized in
                if let base = dx.baseAddress { columnGradient(outputGradient, kernel, rows: 0..<rows, into: base, bufferRows: rows) }
                initialized = rows * depth
            }
        } else if needsInput {
            inputGradient = [Float](repeating: 0, count: batch * geometry.inputHeight * geometry.inputWidth * inputChannels)
        }
        let scattering = needsInput && !isPointwise
        let bufferCount = scattering ? groups * blockRowCapacity * depth : 0
        var columnGradients = [Float](unsafeUninitializedCapacity: bufferCount) { _, initialized in
            initialized = bufferCount  // written by the GEMM before it is read
        }
        func scatter(_ samples: Range<Int>) {
            let range = rows(of: samples)
            columnGradients.withUnsafeMutableBufferPointer { c in
                columnGradient(outputGradient, kernel, rows: range, into: c.baseAddress!, bufferRows: range.count)
                inputGradient!.withUnsafeMutableBufferPointer { dx in
                    let (from, to) = (c.baseAddress!, dx.baseAddress!)
                    ThreadPool.parallelFor(samples.count) { k in
                        let sample = samples.lowerBound + k
                        for r in (sample * positions)..<((sample + 1) * positions) {
                            forEachRun(row: r, firstRow: range.lowerBound, bufferRows: range.count) { offset, column, count in
                                guard let offset else { return }
                                let target = to + offset, source = from + column
                                for e in 0..<count { target[e] += source[e] }
                            }
                        }
                    }
                }
            }
        }
        if needsKernel {
            var isFirst = true
            forEachColumnBlock(input) { samples, columns in
                let blockRows = samples.count * positions
                outputGradient.withUnsafeBufferPointer { g in
                    kernelTransposed.withUnsafeMutableBufferPointer { t in
                        for group in 0..<groups {
                            Backends.current.sgemm(
                                transposeA: true, transposeB: false, m: og, n: depth, k: blockRows, alpha: 1,
                                a: g.baseAddress! + samples.lowerBound * positions * cout + group * og, lda: cout,
                                b: columns + group * blockRows * depth, ldb: depth,
                                beta: isFirst ? 0 : 1, c: t.baseAddress! + group * og * depth, ldc: depth)
                        }
                    }
                }
                isFirst = false
                if scattering { scatter(samples) }
            }
        } else if scattering {
            for samples in sampleBlocks { scatter(samples) }
        }
        guard needsKernel else { return (nil, inputGradient) }
        // HWIO from the per-group transposes: ∂L/∂W[p, g·og + o] = (∂L/∂W_g)ᵀ[o, p].
        let kernelGradient = [Float](unsafeUninitializedCapacity: depth * cout) { dw, initialized in
            for group in 0..<groups {
                for o in 0..<og {
                    for p in 0..<depth { dw[p * cout + group * og + o] = kernelTransposed[(group * og + o) * depth + p] }
                }
            }
            initialized = depth * cout
        }
        return (kernelGradient, inputGradient)
    }

    /// ∂L/∂x from ∂L/∂z alone (`gradients` without ∂L/∂W).
    func inputGradient(_ outputGradient: [Float], _ kernel: [Float]) -> [Float] {
        gradients([], kernel, outputGradient, kernelGradient: false, inputGradient: true).input!
    }

    /// out (+)= X̂_g · W_g for every group, writing the group's output channels, from the column
    /// matrices of `rows` rows (one group after another).
    func multiply(_ columns: UnsafePointer<Float>, _ kernel: [Float], rows: Int, into out: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let (og, cout) = (groupOutputChannels, outputChannels)
        kernel.withUnsafeBufferPointer { w in
            for group in 0..<groups {
                Backends.current.sgemm(
                    transposeA: false, transposeB: false, m: rows, n: og, k: depth, alpha: 1,
                    a: columns + group * rows * depth, lda: depth,
                    b: w.baseAddress! + group * og, ldb: cout,
                    beta: accumulate ? 1 : 0, c: out + group * og, ldc: cout)
            }
        }
    }

    /// Rows `rows` of ∂L/∂X̂, per group G_g · W_gᵀ, into `columns`, a buffer in the column
    /// layout that holds `bufferRows` rows per group.
    func columnGradient(_ outputGradient: [Float], _ kernel: [Float], rows range: Range<Int>,
                        into columns: UnsafeMutablePointer<Float>, bufferRows: Int) {
        let (og, cout) = (groupOutputChannels, outputChannels)
        guard !range.isEmpty && depth > 0 else { return }
        outputGradient.withUnsafeBufferPointer { g in
            kernel.withUnsafeBufferPointer { w in
                for group in 0..<groups {
                    Backends.current.sgemm(
                        transposeA: false, transposeB: true, m: range.count, n: depth, k: og, alpha: 1,
                        a: g.baseAddress! + range.lowerBound * cout + group * og, lda: cout,
                        b: w.baseAddress! + group * og, ldb: cout,
                        beta: 0, c: columns + group * bufferRows * depth, ldc: depth)
                }
            }
        }
    }

    /// Writes `bias` into rows `range` of the output [rows, C_out], rows split over the threads.
    func fillRows(_ out: UnsafeMutablePointer<Float>, with bias: [Float], rows range: Range<Int>) {
        guard range.count * outputChannels > 0 else { return }
        ThreadPool.parallelChunks(range.count, grain: Swift.max(1, LaneLoop.parallelThreshold / outputChannels)) { chunk in
            fillRows(out, with: bias, rowsOnThisThread: (range.lowerBound + chunk.lowerBound)..<(range.lowerBound + chunk.upperBound))
        }
    }

    /// Writes `bias` into rows `range` of the output [rows, C_out], on the calling thread.
    func fillRows(_ out: UnsafeMutablePointer<Float>, with bias: [Float], rowsOnThisThread range: Range<Int>) {
        let cout = outputChannels
        bias.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let (from, to) = (LanePointer(base), LanePointer(out))
            for r in range {
                for c in stride(from: 0, to: cout, by: Lanes.scalarCount) {
                    let width = Swift.min(Lanes.scalarCount, cout - c)
                    to[r &* cout &+ c, width] = from[c, width]
                }
            }
        }
    }
}
