import DescentKernels

extension ConvolutionPlan {
    /// Rows per chunk of the bias-gradient sum.
    static let biasChunkRows = 256

    /// ∂L/∂z for the output gradient G: G ⊙ [y > 0] when given the rectified output y (the
    /// ReLU's backward pass, g·1 or g·0 per element), else G; and, when `summingBias`,
    ///
    ///     ∂L/∂b[o] = Σ_chunks ( Σ_{rows r of the chunk} ∂L/∂z[r, o] )
    ///
    /// over chunks of `biasChunkRows` rows: each chunk is summed row by row from 0, the chunk
    /// sums are added in order. Threads take whole chunks, walking contiguous memory, and the
    /// result does not depend on the thread count.
    func outputGradient(_ g: [Float], rectifiedOutput y: [Float]?, summingBias: Bool) -> (gradient: [Float], bias: [Float]?) {
        guard y != nil || summingBias else { return (g, nil) }
        let (cout, count) = (outputChannels, rows * outputChannels)
        let chunks = (rows + Self.biasChunkRows - 1) / Self.biasChunkRows
        var gated = [Float](unsafeUninitializedCapacity: y == nil ? 0 : count) { _, initialized in initialized = y == nil ? 0 : count }
        var partial = [Float](repeating: 0, count: summingBias ? chunks * cout : 0)
        let blocks = (cout + Lanes.scalarCount - 1) / Lanes.scalarCount
        g.withUnsafeBufferPointer { gp in
            (y ?? g).withUnsafeBufferPointer { yp in
                gated.withUnsafeMutableBufferPointer { dzp in
                    partial.withUnsafeMutableBufferPointer { sums in
                        guard let gBase = gp.baseAddress, count > 0 else { return }
                        let (gl, yl) = (LanePointer(gBase), LanePointer(yp.baseAddress!))
                        let dl = LanePointer(y == nil ? UnsafeMutablePointer(mutating: gBase) : dzp.baseAddress!)
                        ThreadPool.parallelChunks(chunks, grain: count >= LaneLoop.parallelThreshold ? 1 : chunks) { range in
                            for chunk in range {
                                let first = chunk * Self.biasChunkRows, end = Swift.min(rows, first + Self.biasChunkRows)
                                for r in first..<end {
                                    for block in 0..<blocks {
                                        let c = block * Lanes.scalarCount, width = Swift.min(Lanes.scalarCount, cout - c)
                                        var d = gl[r * cout + c, width]
                                        if y != nil {
                                            d = d.gatedByReLU(output: yl[r * cout + c, width])
                                            dl[r * cout + c, width] = d
                                        }
                                        if summingBias {
                                            let sum = LanePointer(sums.baseAddress! + chunk * cout)
                                            sum[c, width] = sum[c, width] + d
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard summingBias else { return (y == nil ? g : gated, nil) }
        return (y == nil ? g : gated, Self.sumInOrder(partial, parts: chunks, width: cout))
    }

    /// Σ_k partial[k, :] over the `parts` rows of a [parts, width] matrix, from 0, k ascending:
    /// the fixed order that makes chunked sums independent of the thread count.
    static func sumInOrder(_ partial: [Float], parts: Int, width: Int) -> [Float] {
        var sum = [Float](repeating: 0, count: width)
        for k in 0..<parts {
            for e in 0..<width { sum[e] += partial[k * width + e] }
        }
        return sum
    }
}
