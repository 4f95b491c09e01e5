import DescentKernels

extension DepthwiseConvolution {
    /// ∂L/∂x from ∂L/∂z: the forward gather over ∂L/∂z with the window turned around. Input row
    /// y receives from output row i through kernel row u when i·s_h − p_top + u·d_h = y, that is
    /// i = (y + p_top − u·d_h)/s_h when that is a whole number in 0..<H_out (likewise columns).
    func inputGradient(_ outputGradient: [Float], _ kernel: [Float]) -> [Float] {
        let g = geometry
        let rows = Taps(count: g.inputHeight, kernel: g.kernelHeight, weightStep: g.kernelWidth * channels,
                        sourceStep: g.outputWidth * channels) { y, u in
            Self.turnedAround(y, u, pad: g.padTop, dilation: g.dilationHeight, stride: g.strideHeight, outputs: g.outputHeight)
        }
        let columns = Taps(count: g.inputWidth, kernel: g.kernelWidth, weightStep: channels, sourceStep: channels) { x, v in
            Self.turnedAround(x, v, pad: g.padLeft, dilation: g.dilationWidth, stride: g.strideWidth, outputs: g.outputWidth)
        }
        let total = batch * inputSample
        return [Float](unsafeUninitializedCapacity: total) { dx, initialized in
            if let base = dx.baseAddress {
                outputGradient.withUnsafeBufferPointer { dz in
                    kernel.withUnsafeBufferPointer { w in
                        gather(dz.baseAddress!, sourceSample: outputSample, rows: rows, columns: columns, kernel: w.baseAddress!,
                               bias: nil, rectified: false, into: base)
                    }
                }
            }
            initialized = total
        }
    }

    /// The output position whose window reaches input position `position` through tap `tap`, if any.
    private static func turnedAround(_ position: Int, _ tap: Int, pad: Int, dilation: Int, stride: Int, outputs: Int) -> Int? {
        let shifted = position + pad - tap * dilation
        guard shifted >= 0 && shifted % stride == 0 && shifted / stride < outputs else { return nil }
        return shifted / stride
    }

    /// The output columns j whose window's column v lies inside the input, `first..<first + count`,
    /// and the input column of the first, `column` = first·s_w − p_left + v·d_w.
    private func columnSpan(_ v: Int) -> (first: Int, count: Int, column: Int) {
        let g = geometry
        let offset = v * g.dilationWidth - g.padLeft  // input column of j = 0
        let first = offset >= 0 ? 0 : (-offset + g.strideWidth - 1) / g.strideWidth
        let lastColumn = g.inputWidth - 1 - offset
        let last = lastColumn < 0 ? -1 : Swift.min(g.outputWidth - 1, lastColumn / g.strideWidth)
        return (first, Swift.max(0, last - first + 1), first * g.strideWidth + offset)
    }

    /// ∂L/∂w[u,v,0,c] = Σ over chunks of output rows (n, i), in order, of the chunk's sum; a chunk
    /// sums its rows in order, each row's terms along j first.
    func kernelGradient(_ input: [Float], _ outputGradient: [Float]) -> [Float] {
        let g = geometry, c = channels
        let taps = g.kernelHeight * g.kernelWidth * c
        let totalRows = batch * g.outputHeight
        let chunks = Swift.max(1, Swift.min(totalRows, ConvolutionPlan.kernelGradientChunks))
        let rowsPerChunk = (totalRows + chunks - 1) / chunks
        let rows = rowTaps
        let spans = (0..<g.kernelWidth).map(columnSpan)
        var partial = [Float](repeating: 0, count: chunks * taps)
        let (rowStep, columnStep) = (g.outputWidth * c, g.strideWidth * c)
        input.withUnsafeBufferPointer { xp in
            outputGradient.withUnsafeBufferPointer { dzp in
                rows.entries.withUnsafeBufferPointer { rowEntries in
                    partial.withUnsafeMutableBufferPointer { sums in
                        guard totalRows > 0, g.outputWidth > 0, let x = xp.baseAddress, let dz = dzp.baseAddress else { return }
                        ThreadPool.parallelFor((totalRows + rowsPerChunk - 1) / rowsPerChunk) { chunk in
                            let sum = LanePointer(sums.baseAddress! + chunk &* taps)
                            for r in (chunk &* rowsPerChunk)..<Swift.min(totalRows, (chunk &+ 1) &* rowsPerChunk) {
                                let (n, i) = r.quotientAndRemainder(dividingBy: g.outputHeight)
                                let rowTaps = rowEntries.baseAddress! + i &* rows.stride
                                for a in 0..<rowTaps[0] {
                                    let (weightRow, inputRow) = (rowTaps[1 &+ 2 &* a], n &* inputSample &+ rowTaps[2 &+ 2 &* a])
                                    for (v, span) in spans.enumerated() where span.count > 0 {
                                        let gradientStart = r &* rowStep &+ span.first &* c
                                        let inputStart = inputRow &+ span.column &* c
                                        for channel in stride(from: 0, to: c, by: Lanes.scalarCount) {
                                            let lanes = Swift.min(Lanes.scalarCount, c &- channel)
                                            let term = Self.dot(LanePointer(dz + (gradientStart &+ channel)), LanePointer(x + (inputStart &+ channel)),
                                                                count: span.count, steps: (c, columnStep), lanes: lanes)
                                            let k = weightRow &+ v &* c &+ channel
                                            sum[k, lanes] = sum[k, lanes] + term
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return ConvolutionPlan.sumInOrder(partial, parts: chunks, width: taps)
    }

    /// Σ_{k < count} a[k·steps.0] ⊙ b[k·steps.1] over `lanes` lanes, k ascending. One sum is
    /// enough: its 16 lanes are four independent chains of additions, and the two loads per
    /// step take longer than an addition.
    @inline(__always)
    private static func dot(_ a: LanePointer, _ b: LanePointer, count: Int, steps: (Int, Int), lanes: Int) -> Lanes {
        var sum = Lanes(repeating: 0)
        var (offsetA, offsetB) = (0, 0)
        for _ in 0..<count {
            sum += a[offsetA, lanes] * b[offsetB, lanes]
            (offsetA, offsetB) = (offsetA &+ steps.0, offsetB &+ steps.1)
        }
        return sum
    }
}
