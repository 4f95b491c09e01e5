import DescentKernels

/// 2-D pooling over NHWC batches, each with a fused backward pass.
///
///     max:      y[n,i,j,c] = max_{(u,v) ∈ window} x[n, i·s_h − p_top + u, j·s_w − p_left + v, c]
///               ∂L/∂x = G at the first maximal element of each window (ties go to the first
///               in row-major window order), 0 elsewhere; padding never wins
///     average:  y[n,i,j,c] = (1/|W|) Σ_{(u,v) ∈ window} x[…]
///               ∂L/∂x[…] = Σ over the windows containing the element of G/|W|
///
/// For the average, |W| is kh·kw when padding counts (PyTorch's default `count_include_pad=True`)
/// or the number of window positions inside the input (Keras' `padding="same"`, PyTorch's
/// `count_include_pad=False`).
extension Tensor {
    /// Max pooling of an NHWC batch; `stride` defaults to the window size.
    public func maxPooled2D(size: (Int, Int), stride: (Int, Int)? = nil, padding: Padding = .valid) -> Tensor {
        let plan = PoolingPlan(self, "maxPooled2D", size: size, stride: stride ?? size, padding: padding)
        return plan.isTiling ? maxPooledByTiles(plan) : maxPooledByWindows(plan)
    }

    /// Max pooling over any windows, visited one at a time (see `maxPooledByTiles` for the fast
    /// path of windows that tile the input).
    func maxPooledByWindows(_ plan: PoolingPlan) -> Tensor {
        let input = self
        var winners = [Int32](repeating: -1, count: plan.outputCount)
        let value = Tensor.make(shape: plan.outputShape) { out in
            input.scalars.withUnsafeBufferPointer { x in
                winners.withUnsafeMutableBufferPointer { w in
                    let (xp, wp, op) = (x.baseAddress!, w.baseAddress!, out.baseAddress!)
                    ThreadPool.parallelFor(plan.batch) { sample in
                        plan.forEachWindow(sample: sample) { outputOffset, inputOffsets in
                            let (y, best) = (op + outputOffset, wp + outputOffset)
                            y.update(repeating: -.infinity, count: plan.channels)
                            for offset in inputOffsets {
                                for c in 0..<plan.channels where xp[offset + c] > y[c] {
                                    y[c] = xp[offset + c]
                                    best[c] = Int32(offset + c)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.record(value, inputs: [input]) { g in
            [Tensor.make(shape: input.shape) { dx in
                dx.initialize(repeating: 0)
                g.scalars.withUnsafeBufferPointer { gp in
                    // Windows of one sample only reach that sample's elements: parallel by sample.
                    ThreadPool.parallelFor(plan.batch) { sample in
                        let range = (sample * plan.outputsPerSample)..<((sample + 1) * plan.outputsPerSample)
                        for k in range where winners[k] >= 0 { dx[Int(winners[k])] += gp[k] }
                    }
                }
            }]
        }
    }

    /// Average pooling of an NHWC batch; `stride` defaults to the window size.
    public func averagePooled2D(
        size: (Int, Int), stride: (Int, Int)? = nil, padding: Padding = .valid, countIncludesPadding: Bool = true
    ) -> Tensor {
        let plan = PoolingPlan(self, "averagePooled2D", size: size, stride: stride ?? size, padding: padding)
        let input = self
        let fullWindow = Float(size.0 * size.1)
        let value = Tensor.make(shape: plan.outputShape) { out in
            input.scalars.withUnsafeBufferPointer { x in
                let (xp, op) = (x.baseAddress!, out.baseAddress!)
                ThreadPool.parallelFor(plan.batch) { sample in
                    plan.forEachWindow(sample: sample) { outputOffset, inputOffsets in
                        let y = op + outputOffset
                        y.update(repeating: 0, count: plan.channels)
                        for offset in inputOffsets {
                            for c in 0..<plan.channels { y[c] += xp[offset + c] }
                        }
                        let scale = 1 / (countIncludesPadding ? fullWindow : Float(inputOffsets.count))
                        for c in 0..<plan.channels { y[c] *= scale }
                    }
                }
            }
        }
        return Tensor.record(value, inputs: [input]) { g in
            [Tensor.make(shape: input.shape) { dx in
                dx.initialize(repeating: 0)
                g.scalars.withUnsafeBufferPointer { gp in
                    let (dp, gp) = (dx.baseAddress!, gp.baseAddress!)
                    ThreadPool.parallelFor(plan.batch) { sample in
                        plan.forEachWindow(sample: sample) { outputOffset, inputOffsets in
                            let scale = 1 / (countIncludesPadding ? fullWindow : Float(inputOffsets.count))
                            for offset in inputOffsets {
                                for c in 0..<plan.channels { dp[offset + c] += scale * gp[outputOffset + c] }
                            }
                        }
                    }
                }
            }]
        }
    }
}
