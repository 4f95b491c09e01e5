import DescentKernels

/// Max pooling whose windows tile the input (`PoolingPlan.isTiling`, e.g. `MaxPool2D(size: 2)`),
/// sixteen channels at a time. It computes what `maxPooledByWindows` computes, bit for bit:
///
///     forward:   y[o] = −∞, w[o] = none; for each element e = u·kw + v of window o in
///                row-major order, where x[k_e] > y[o]: y[o] = x[k_e], w[o] = e
///     backward:  ∂L/∂x[k_e] = 0 + G[o] where w[o] = e (o the window holding k_e), else 0
///
/// The winner is stored as the element's place in its window, one byte per output (255 for
/// none; `PoolingPlan.isTiling` admits windows of at most 254 elements), a quarter of the
/// memory of an input offset.
///
/// Windows do not overlap, so each input element gets at most one gradient: the backward pass
/// writes every element of ∂L/∂x once, in order (0 where it lost, or lies past the last window),
/// instead of zeroing the whole buffer and scattering into it. `0 + G` keeps the scatter's
/// result for G = −0.
extension Tensor {
    func maxPooledByTiles(_ plan: PoolingPlan) -> Tensor {
        let input = self
        let g = plan.geometry
        let channels = plan.channels
        // Every element is written below, before it is read.
        var winners = [UInt8](unsafeUninitializedCapacity: plan.outputCount) { _, initialized in initialized = plan.outputCount }
        let value = Tensor.make(shape: plan.outputShape) { out in
            guard plan.outputCount > 0 else { return }
            input.scalars.withUnsafeBufferPointer { source in
                winners.withUnsafeMutableBufferPointer { w in
                    let (x, y, wp) = (LanePointer(source.baseAddress!), LanePointer(out.baseAddress!), w.baseAddress!)
                    ThreadPool.parallelFor(plan.batch) { sample in
                        for i in 0..<g.outputHeight {
                            for j in 0..<g.outputWidth {
                                let o = ((sample * g.outputHeight + i) * g.outputWidth + j) * channels
                                let corner = ((sample * g.inputHeight + i * g.kernelHeight) * g.inputWidth + j * g.kernelWidth) * channels
                                for c in stride(from: 0, to: channels, by: Lanes.scalarCount) {
                                    let width = Swift.min(Lanes.scalarCount, channels - c)
                                    var best = Lanes(repeating: -.infinity)
                                    var winner = IndexLanes(repeating: 255)
                                    for u in 0..<g.kernelHeight {
                                        for v in 0..<g.kernelWidth {
                                            let candidate = x[corner + (u * g.inputWidth + v) * channels + c, width]
                                            let wins = candidate .> best
                                            best.replace(with: candidate, where: wins)
                                            winner.replace(with: IndexLanes(repeating: Int32(u * g.kernelWidth + v)), where: wins)
                                        }
                                    }
                                    y[o + c, width] = best
                                    (wp + o + c).storeLanes(winner, width: width)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.record(value, inputs: [input]) { gradient in
            [Tensor.make(shape: input.shape) { dx in
                guard dx.count > 0 else { return }
                gradient.scalars.withUnsafeBufferPointer { gp in
                    winners.withUnsafeBufferPointer { w in
                        let (d, gl, wp) = (LanePointer(dx.baseAddress!), LanePointer(gp.baseAddress!), UnsafeMutablePointer(mutating: w.baseAddress!))
                        let rowLength = g.inputWidth * channels
                        ThreadPool.parallelFor(plan.batch) { sample in
                            for row in 0..<g.inputHeight {
                                let start = (sample * g.inputHeight + row) * rowLength
                                let i = row / g.kernelHeight
                                var covered = 0
                                if i < g.outputHeight {
                                    covered = g.outputWidth * g.kernelWidth * channels
                                    for j in 0..<g.outputWidth {
                                        let o = ((sample * g.outputHeight + i) * g.outputWidth + j) * channels
                                        for v in 0..<g.kernelWidth {
                                            let k = start + (j * g.kernelWidth + v) * channels
                                            let element = IndexLanes(repeating: Int32((row % g.kernelHeight) * g.kernelWidth + v))
                                            for c in stride(from: 0, to: channels, by: Lanes.scalarCount) {
                                                let width = Swift.min(Lanes.scalarCount, channels - c)
                                                let won = (wp + o + c).loadLanes(width: width) .== element
                                                d[k + c, width] = Lanes(repeating: 0).replacing(with: gl[o + c, width] + 0, where: won)
                                            }
                                        }
                                    }
                                }
                                (dx.baseAddress! + start + covered).update(repeating: 0, count: rowLength - covered)
                            }
                        }
                    }
                }
            }]
        }
    }
}

/// Sixteen window places, one per lane of `Lanes`.
typealias IndexLanes = SIMD16<Int32>

private extension UnsafeMutablePointer where Pointee == UInt8 {
    /// The `width` ≤ 16 bytes from here, widened, zero-padded.
    @inline(__always)
    func loadLanes(width: Int) -> IndexLanes {
        if width == IndexLanes.scalarCount {
            return IndexLanes(truncatingIfNeeded: UnsafeRawPointer(self).loadUnaligned(as: SIMD16<UInt8>.self))
        }
        var lanes = IndexLanes()
        for k in 0..<width { lanes[k] = Int32(self[k]) }
        return lanes
    }

    /// Writes the first `width` lanes from here, one byte each (every lane is 0...255).
    @inline(__always)
    func storeLanes(_ lanes: IndexLanes, width: Int) {
        if width == IndexLanes.scalarCount {
            UnsafeMutableRawPointer(self).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: lanes), as: SIMD16<UInt8>.self)
        } else {
            for k in 0..<width { self[k] = UInt8(truncatingIfNeeded: lanes[k]) }
        }
    }
}
