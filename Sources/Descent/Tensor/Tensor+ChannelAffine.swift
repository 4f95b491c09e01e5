import DescentKernels

extension Tensor {
    /// y = x·s_c + t_c per channel c (the last axis), vectorized and split over the thread
    /// pool: BatchNorm with fixed statistics and affine weights, folded into one pass. Only the
    /// input is differentiated (∂y/∂x = s_c); `scale` and `shift` are constants.
    func channelAffine(scale: [Float], shift: [Float]) -> Tensor {
        let c = scale.count
        precondition(shape.last == c && shift.count == c, "channelAffine: \(c) scales for input shape \(shape)")
        let (scales, shifts) = (LaneLoop.channelTable(scale), LaneLoop.channelTable(shift))
        let n = count
        let y = scales.withUnsafeBufferPointer { s in
            shifts.withUnsafeBufferPointer { t in
                Tensor.makeLanes(shape: shape) { out in
                    withLanes { x in
                        let (sp, tp) = (LanePointer(s.baseAddress!), LanePointer(t.baseAddress!))
                        LaneLoop.forEachBlock(n) { i, width in
                            let start = i % c
                            out[i, width] = x[i, width] * sp[start, Lanes.scalarCount] + tp[start, Lanes.scalarCount]
                        }
                    }
                }
            }
        }
        guard GradientMode.isEnabled && isTracked else { return y }
        return Tensor.record(y, inputs: [self]) { g in
            [scales.withUnsafeBufferPointer { s in
                Tensor.makeLanes(shape: g.shape) { out in
                    g.withLanes { gradient in
                        let sp = LanePointer(s.baseAddress!)
                        LaneLoop.forEachBlock(n) { i, width in out[i, width] = gradient[i, width] * sp[i % c, Lanes.scalarCount] }
                    }
                }
            }]
        }
    }
}
