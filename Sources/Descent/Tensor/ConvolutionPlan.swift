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

    /// The column buffer of an NHWC input.
    func im2col(_ input: [Float]) -> [Float] {
        let total = groups * rows * depth
        return [Float](unsafeUninitializedCapacity: total) { columns, initialized in
            let destination = columns.baseAddress!
            input.withUnsafeBufferPointer { source in
                let x = source.baseAddress!
                ThreadPool.parallelChunks(rows, grain: 64) { range in
                    for r in range {
                        forEachRun(row: r) { offset, column, count in
                            if let offset {
                                (destination + column).update(from: x + offset, count: count)
                            } else {
                                (destination + column).update(repeating: 0, count: count)
                            }
                        }
                    }
                }
            }
            initialized = total
        }
    }

    /// Scalars of the column-gradient buffer of `inputGradient`: 2 MiB, which stays in cache.
    static let blockScalars = 1 << 19

    /// ∂L/∂x from ∂L/∂z: per block of samples, the column gradient G_b · W_gᵀ into one reused
    /// buffer of about `blockScalars`, then col2im: each column value is added back to the input
    /// element it was copied from. A row of the column gradient depends only on the same row of
    /// G, and each input element receives its contributions in the same order as from a
    /// whole-batch col2im, so the blocks change no value. Samples of a block run in parallel.
    func inputGradient(_ outputGradient: [Float], _ kernel: [Float]) -> [Float] {
        if isPointwise {
            return [Float](unsafeUninitializedCapacity: rows * depth) { dx, initialized in
                if let base = dx.baseAddress { columnGradient(outputGradient, kernel, rows: 0..<rows, into: base, bufferRows: rows) }
                initialized = rows * depth
            }
        }
        let samplesPerBlock = Swift.max(1, Swift.min(batch, Self.blockScalars / Swift.max(groups * positions * depth, 1)))
        let bufferRows = samplesPerBlock * positions
        var buffer = [Float](unsafeUninitializedCapacity: groups * bufferRows * depth) { _, initialized in
            initialized = groups * bufferRows * depth  // written by the GEMM before it is read
        }
        let total = batch * geometry.inputHeight * geometry.inputWidth * inputChannels
        return [Float](unsafeUninitializedCapacity: total) { gradient, initialized in
            gradient.initialize(repeating: 0)
            let destination = gradient.baseAddress!
            buffer.withUnsafeMutableBufferPointer { columns in
                let c = columns.baseAddress!
                for first in stride(from: 0, to: batch, by: samplesPerBlock) {
                    let samples = first..<Swift.min(batch, first + samplesPerBlock)
                    let firstRow = first * positions
                    columnGradient(outputGradient, kernel, rows: firstRow..<(samples.upperBound * positions), into: c, bufferRows: bufferRows)
                    ThreadPool.parallelFor(samples.count) { k in
                        let sample = first + k
                        for r in (sample * positions)..<((sample + 1) * positions) {
                            forEachRun(row: r, firstRow: firstRow, bufferRows: bufferRows) { offset, column, count in
                                guard let offset else { return }
                                let to = destination + offset, from = c + column
                                for e in 0..<count { to[e] += from[e] }
                            }
                        }
                    }
                }
            }
            initialized = total
        }
    }

    /// out (+)= X̂_g · W_g for every group, writing the group's output channels.
    func multiply(_ columns: [Float], _ kernel: [Float], into out: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let (og, cout) = (groupOutputChannels, outputChannels)
        columns.withUnsafeBufferPointer { a in
            kernel.withUnsafeBufferPointer { w in
                for group in 0..<groups {
                    Backends.current.sgemm(
                        transposeA: false, transposeB: false, m: rows, n: og, k: depth, alpha: 1,
                        a: a.baseAddress! + group * rows * depth, lda: depth,
                        b: w.baseAddress! + group * og, ldb: cout,
                        beta: accumulate ? 1 : 0, c: out + group * og, ldc: cout)
                }
            }
        }
    }

    /// ∂L/∂W, per group X̂_gᵀ · G_g, in the kernel's HWIO layout. The BLAS computes the
    /// transpose, (∂L/∂W_g)ᵀ = G_gᵀ · X̂_g, [C_out/groups, kh·kw·C_g]: with the long dimension
    /// (rows) as the depth either way, OpenBLAS splits this orientation better over its threads
    /// (170 against 136 GFLOP/s for the cnn workload's second layer on two cores).
    func kernelGradient(_ columns: [Float], _ outputGradient: [Float]) -> [Float] {
        let (og, cout) = (groupOutputChannels, outputChannels)
        var transposed = [Float](unsafeUninitializedCapacity: og * depth) { _, initialized in
            initialized = og * depth  // written by the GEMM before it is read
        }
        let total = depth * cout
        return [Float](unsafeUninitializedCapacity: total) { dw, initialized in
            columns.withUnsafeBufferPointer { a in
                outputGradient.withUnsafeBufferPointer { g in
                    transposed.withUnsafeMutableBufferPointer { t in
                        for group in 0..<groups {
                            Backends.current.sgemm(
                                transposeA: true, transposeB: false, m: og, n: depth, k: rows, alpha: 1,
                                a: g.baseAddress! + group * og, lda: cout,
                                b: a.baseAddress! + group * rows * depth, ldb: depth,
                                beta: 0, c: t.baseAddress!, ldc: depth)
                            for o in 0..<og {
                                for p in 0..<depth { dw[p * cout + group * og + o] = t[o * depth + p] }
                            }
                        }
                    }
                }
            }
            initialized = total
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

    /// Writes `bias` into every row of the output [rows, C_out], rows split over the threads.
    func fillRows(_ out: UnsafeMutablePointer<Float>, with bias: [Float]) {
        guard rows * outputChannels > 0 else { return }
        ThreadPool.parallelChunks(rows, grain: Swift.max(1, LaneLoop.parallelThreshold / outputChannels)) { range in
            fillRows(out, with: bias, rows: range)
        }
    }

    /// Writes `bias` into rows `range` of the output [rows, C_out], on the calling thread.
    func fillRows(_ out: UnsafeMutablePointer<Float>, with bias: [Float], rows range: Range<Int>) {
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
