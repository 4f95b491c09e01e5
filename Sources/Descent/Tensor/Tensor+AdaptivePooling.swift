import DescentKernels

/// Average pooling to a fixed output size, whatever the input size (PyTorch's
/// `adaptive_avg_pool2d`). Output row i averages input rows start(i) ..< end(i), likewise columns:
///
///     start(i) = ⌊i·H/H_out⌋        end(i) = ⌈(i + 1)·H/H_out⌉
///     y[n,i,j,c] = Σ_{h ∈ rows(i), w ∈ columns(j)} x[n,h,w,c] / (|rows(i)|·|columns(j)|)
///     ∂L/∂x[n,h,w,c] = Σ_{(i,j): h ∈ rows(i), w ∈ columns(j)} G[n,i,j,c] / (|rows(i)|·|columns(j)|)
///
/// When H_out does not divide H, neighbouring bins share a row (H = 5 → 3: rows 0–1, 1–3, 3–4);
/// an output larger than the input repeats rows (H = 2 → 3: rows 0, 0–1, 1). H_out = W_out = 1
/// is the global average. As in PyTorch, the sum is divided by the bin's size (not multiplied
/// by its reciprocal), and the backward pass adds G/size to each element of the bin.
extension Tensor {
    /// The NHWC batch [N, H, W, C] averaged over adaptive bins to [N, H_out, W_out, C].
    public func adaptiveAveragePooled2D(outputSize: (Int, Int)) -> Tensor {
        precondition(rank == 4 && shape[1] > 0 && shape[2] > 0, "adaptiveAveragePooled2D: needs an NHWC input [N, H, W, C], got shape \(shape)")
        precondition(outputSize.0 > 0 && outputSize.1 > 0, "adaptiveAveragePooled2D: output size must be positive, got \(outputSize)")
        let input = self
        let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let rows = Self.adaptiveBins(height, into: outputSize.0), columns = Self.adaptiveBins(width, into: outputSize.1)
        /// `body(output offset, input offsets of the bin, bin size)` for every output pixel of `sample`.
        func forEachBin(sample: Int, _ body: (Int, [Int], Float) -> Void) {
            for (i, binRows) in rows.enumerated() {
                for (j, binColumns) in columns.enumerated() {
                    let offsets = binRows.flatMap { y in binColumns.map { x in ((sample * height + y) * width + x) * channels } }
                    body(((sample * outputSize.0 + i) * outputSize.1 + j) * channels, offsets, Float(offsets.count))
                }
            }
        }
        let value = Tensor.makeLanes(shape: [batch, outputSize.0, outputSize.1, channels]) { y in
            input.withLanes { x in
                ThreadPool.parallelFor(batch) { sample in
                    forEachBin(sample: sample) { output, offsets, size in
                        for c in stride(from: 0, to: channels, by: Lanes.scalarCount) {
                            let lanes = Swift.min(Lanes.scalarCount, channels - c)
                            var sum = Lanes(repeating: 0)
                            for offset in offsets { sum += x[offset + c, lanes] }
                            y[output + c, lanes] = sum / Lanes(repeating: size)
                        }
                    }
                }
            }
        }
        return Tensor.record(value, inputs: [input]) { g in
            // Bins of one sample reach only that sample's elements: parallel by sample.
            [Tensor.make(shape: input.shape) { dx in
                dx.initialize(repeating: 0)
                guard let base = dx.baseAddress, dx.count > 0 else { return }
                g.withLanes { gl in
                    let dl = LanePointer(base)
                    ThreadPool.parallelFor(batch) { sample in
                        forEachBin(sample: sample) { output, offsets, size in
                            for c in stride(from: 0, to: channels, by: Lanes.scalarCount) {
                                let lanes = Swift.min(Lanes.scalarCount, channels - c)
                                let share = gl[output + c, lanes] / Lanes(repeating: size)
                                for offset in offsets { dl[offset + c, lanes] = dl[offset + c, lanes] + share }
                            }
                        }
                    }
                }
            }]
        }
    }

    /// The bins of `size` positions pooled to `count`: ⌊i·size/count⌋ ..< ⌈(i + 1)·size/count⌉.
    static func adaptiveBins(_ size: Int, into count: Int) -> [Range<Int>] {
        (0..<count).map { i in (i * size / count)..<(((i + 1) * size + count - 1) / count) }
    }
}
