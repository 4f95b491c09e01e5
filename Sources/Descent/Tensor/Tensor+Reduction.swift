import Foundation

/// Reductions over chosen axes. Several axes reduce one at a time, each step on the tape, so
/// every reduction needs only the single-axis kernel and its derivative:
///
///     sum: ∂/∂x = 1 (broadcast back)     mean: 1/n
///     max: 1 at the first maximal element, 0 elsewhere
///     logSumExp: y = m + ln Σ e^(x−m),  ∂y/∂x = softmax(x)
extension Tensor {
    enum Reduction { case sum, max }

    /// Σ over `axes` (all axes when nil).
    public func sum(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        reduce(axes, keepingDimensions, "sum") { $0.sumAxis($1, keepingDimension: $2) }
    }

    /// The arithmetic mean over `axes` (all when nil).
    public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let resolved = resolvedAxes(axes, "mean")
        let n = resolved.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: resolved, keepingDimensions: keepingDimensions) / Float(Swift.max(n, 1))
    }

    /// The maximum over `axes` (all when nil).
    public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        reduce(axes, keepingDimensions, "max") { $0.maxAxis($1, keepingDimension: $2) }
    }

    /// log Σ exp over `axes` (all when nil), stable for large inputs.
    public func logSumExp(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        reduce(axes, keepingDimensions, "logSumExp") { $0.logSumExpAxis($1, keepingDimension: $2) }
    }

    /// Index of the first maximum along `axis` (as Float values; no gradient).
    public func argmax(alongAxis axis: Int = -1) -> Tensor {
        let a = normalizedAxis(axis, "argmax")
        let (outer, n, inner) = splitAround(a)
        precondition(n > 0, "argmax: axis \(axis) of shape \(shape) is empty")
        return scalars.withUnsafeBufferPointer { x in
            Tensor.make(shape: removing(a)) { out in
                for p in 0..<outer {
                    for q in 0..<inner {
                        var best = x[p * n * inner + q], index = 0
                        for i in 1..<n where x[(p * n + i) * inner + q] > best {
                            best = x[(p * n + i) * inner + q]
                            index = i
                        }
                        out[p * inner + q] = Float(index)
                    }
                }
            }
        }
    }

    // MARK: - Single-axis kernels

    private func sumAxis(_ axis: Int, keepingDimension: Bool) -> Tensor {
        let value = reduceAxis(axis, keepingDimension: keepingDimension, .sum)
        let inputShape = shape
        let kept = keeping(axis)
        return Tensor.record(value, inputs: [self]) { g in
            [Tensor(shape: kept, scalars: g.scalars).broadcast(to: inputShape)]
        }
    }

    private func maxAxis(_ axis: Int, keepingDimension: Bool) -> Tensor {
        let value = reduceAxis(axis, keepingDimension: keepingDimension, .max)
        let x = self
        return Tensor.record(value, inputs: [self]) { g in
            // Route each gradient to the first element that attains the maximum.
            let (outer, n, inner) = x.splitAround(axis)
            let routed = Tensor.make(shape: x.shape) { out in
                out.initialize(repeating: 0)
                for p in 0..<outer {
                    for q in 0..<inner {
                        let m = value.scalars[p * inner + q]
                        for i in 0..<n where x.scalars[(p * n + i) * inner + q] == m {
                            out[(p * n + i) * inner + q] = g.scalars[p * inner + q]
                            break
                        }
                    }
                }
            }
            return [routed]
        }
    }

    private func logSumExpAxis(_ axis: Int, keepingDimension: Bool) -> Tensor {
        let maxima = withoutGradients { reduceAxis(axis, keepingDimension: true, .max) }
        let shifted = withoutGradients { (self - maxima).exp().reduceAxis(axis, keepingDimension: true, .sum) }
        let kept = keeping(axis)
        let lse = Tensor.zipBroadcast(maxima, shifted, "logSumExp") { m, s in m.isFinite ? m + Foundation.log(s) : m }
        let value = keepingDimension ? lse : Tensor(shape: removing(axis), scalars: lse.scalars)
        let x = self
        return Tensor.record(value, inputs: [self]) { g in
            let softmax = (x - lse).exp()
            return [softmax * Tensor(shape: kept, scalars: g.scalars)]
        }
    }

    /// The single-axis kernel without tape: shape [outer, n, inner] → [outer, inner].
    func reduceAxis(_ axis: Int, keepingDimension: Bool, _ kind: Reduction) -> Tensor {
        let (outer, n, inner) = splitAround(axis)
        let outShape = keepingDimension ? keeping(axis) : removing(axis)
        return scalars.withUnsafeBufferPointer { x in
            Tensor.make(shape: outShape) { out in
                for p in 0..<outer {
                    let row = out.baseAddress! + p * inner
                    let first = x.baseAddress! + p * n * inner
                    switch kind {
                    case .sum:
                        row.update(repeating: 0, count: inner)
                        for i in 0..<n {
                            let source = first + i * inner
                            for q in 0..<inner { row[q] += source[q] }
                        }
                    case .max:
                        precondition(n > 0, "max: cannot reduce an empty axis of shape \(shape)")
                        row.update(from: first, count: inner)
                        for i in 1..<n {
                            let source = first + i * inner
                            for q in 0..<inner where source[q] > row[q] || source[q].isNaN { row[q] = source[q] }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Axis bookkeeping

    private func reduce(_ axes: [Int]?, _ keep: Bool, _ op: String, _ step: (Tensor, Int, Bool) -> Tensor) -> Tensor {
        let resolved = resolvedAxes(axes, op)
        if rank == 0 { return step(reshaped(to: [1]), 0, false) }
        var result = self
        // Reduce from the highest axis down so that lower axis numbers stay valid.
        for axis in resolved.sorted(by: >) { result = step(result, axis, true) }
        if !keep {
            result = result.reshaped(to: shape.enumerated().filter { !resolved.contains($0.offset) }.map(\.element))
        }
        return result
    }

    private func resolvedAxes(_ axes: [Int]?, _ op: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let resolved = axes.map { normalizedAxis($0, op) }
        precondition(Set(resolved).count == resolved.count, "\(op): repeated axis in \(axes) for shape \(shape)")
        return resolved
    }

    /// (product of extents before `axis`, extent of `axis`, product after).
    func splitAround(_ axis: Int) -> (Int, Int, Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    func keeping(_ axis: Int) -> [Int] { var s = shape; s[axis] = 1; return s }
    func removing(_ axis: Int) -> [Int] { var s = shape; s.remove(at: axis); return s }
}
