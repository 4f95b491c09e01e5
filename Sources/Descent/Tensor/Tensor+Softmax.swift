import Foundation

/// Softmax and log-softmax along one axis, fused with hand-written backward passes:
///
///     y = softmax(x):      yᵢ = e^(xᵢ−m) / Σⱼ e^(xⱼ−m)          ∂L/∂x = y ⊙ (g − Σ g⊙y)
///     y = logSoftmax(x):   yᵢ = xᵢ − m − ln Σⱼ e^(xⱼ−m)         ∂L/∂x = g − softmax(x)·Σ g
///
/// m is the maximum along the axis, so no exponential overflows.
extension Tensor {
    /// The softmax along `axis` (last by default).
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        let a = normalizedAxis(axis, "softmax")
        let y = Tensor.softmaxKernel(self, axis: a, log: false)
        return Tensor.record(y, inputs: [self]) { g in
            let dot = (g * y).sum(alongAxes: [a], keepingDimensions: true)
            return [y * (g - dot)]
        }
    }

    /// The log of the softmax along `axis` (last by default), computed stably.
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        let a = normalizedAxis(axis, "logSoftmax")
        let y = Tensor.softmaxKernel(self, axis: a, log: true)
        return Tensor.record(y, inputs: [self]) { g in
            let total = g.sum(alongAxes: [a], keepingDimensions: true)
            return [g - y.exp() * total]
        }
    }

    /// softmax or log-softmax over `axis` of the [outer, n, inner] view.
    static func softmaxKernel(_ x: Tensor, axis: Int, log: Bool) -> Tensor {
        let (outer, n, inner) = x.splitAround(axis)
        return x.scalars.withUnsafeBufferPointer { src in
            make(shape: x.shape) { out in
                for p in 0..<outer {
                    for q in 0..<inner {
                        let base = p * n * inner + q
                        var m = -Float.infinity
                        for i in 0..<n { m = Swift.max(m, src[base + i * inner]) }
                        var total: Float = 0
                        for i in 0..<n {
                            let e = Foundation.exp(src[base + i * inner] - m)
                            out[base + i * inner] = e
                            total += e
                        }
                        if log {
                            let shift = m + Foundation.log(total)
                            for i in 0..<n { out[base + i * inner] = src[base + i * inner] - shift }
                        } else {
                            let scale = 1 / total
                            for i in 0..<n { out[base + i * inner] *= scale }
                        }
                    }
                }
            }
        }
    }
}
