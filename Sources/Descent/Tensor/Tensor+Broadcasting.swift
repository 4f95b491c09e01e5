/// NumPy broadcasting: shapes are aligned at their last axis; each pair of extents must be equal
/// or one of them 1, and the result takes the larger.
extension Tensor {
    /// The broadcast of two shapes, or a stop naming `op` and both shapes.
    static func broadcastShape(_ a: [Int], _ b: [Int], _ op: String) -> [Int] {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(x == y || x == 1 || y == 1, "\(op): shapes \(a) and \(b) cannot be broadcast together")
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// True when `shape` can be broadcast to `target` without changing `target`.
    static func canBroadcast(_ shape: [Int], to target: [Int]) -> Bool {
        guard shape.count <= target.count else { return false }
        let offset = target.count - shape.count
        return shape.enumerated().allSatisfy { $0.element == 1 || $0.element == target[$0.offset + offset] }
    }

    /// This tensor repeated along axes of extent 1 (and new leading axes) to `targetShape`.
    /// Differentiable: the gradient is summed back to this shape.
    public func broadcast(to targetShape: [Int]) -> Tensor {
        if shape == targetShape { return self }
        precondition(Tensor.canBroadcast(shape, to: targetShape), "broadcast(to:): shape \(shape) cannot be broadcast to \(targetShape)")
        let sourceShape = shape
        let value = Tensor.expand(scalars, from: shape, to: targetShape)
        return Tensor.record(value, inputs: [self]) { gradient in [gradient.unbroadcast(to: sourceShape)] }
    }

    /// Sums a gradient of a broadcast result back to the shape of the operand (no tape).
    func unbroadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        var result = self
        let leading = rank - target.count
        for _ in 0..<leading { result = result.reduceAxis(0, keepingDimension: false, .sum) }
        for (axis, extent) in target.enumerated() where extent == 1 && result.shape[axis] != 1 {
            result = result.reduceAxis(axis, keepingDimension: true, .sum)
        }
        return Tensor(shape: target, scalars: result.scalars)
    }

    /// The broadcasting copy kernel: recursion over axes with stride 0 on broadcast axes.
    static func expand(_ source: [Float], from shape: [Int], to target: [Int]) -> Tensor {
        let rank = target.count
        let padded = [Int](repeating: 1, count: rank - shape.count) + shape
        var sourceStrides = [Int](repeating: 0, count: rank)
        var stride = 1
        for axis in (0..<rank).reversed() {
            sourceStrides[axis] = padded[axis] == 1 ? 0 : stride
            stride *= padded[axis]
        }
        var targetStrides = [Int](repeating: 1, count: rank)
        for axis in (0..<Swift.max(rank - 1, 0)).reversed() { targetStrides[axis] = targetStrides[axis + 1] * target[axis + 1] }
        return make(shape: target) { out in
            guard out.count > 0 else { return }
            source.withUnsafeBufferPointer { src in
                func fill(_ axis: Int, _ sourceOffset: Int, _ targetOffset: Int) {
                    let step = sourceStrides[axis]
                    if axis == rank - 1 {
                        for i in 0..<target[axis] { out[targetOffset + i] = src[sourceOffset + i * step] }
                    } else {
                        for i in 0..<target[axis] {
                            fill(axis + 1, sourceOffset + i * step, targetOffset + i * targetStrides[axis])
                        }
                    }
                }
                if rank == 0 { out[0] = src[0] } else { fill(0, 0, 0) }
            }
        }
    }

    /// Applies `f` elementwise to two broadcast operands (no tape). Fast paths for equal shapes, a
    /// scalar operand and a trailing-suffix operand (a bias row); the rest expands first.
    @inline(__always)
    static func zipBroadcast(_ a: Tensor, _ b: Tensor, _ op: String, _ f: (Float, Float) -> Float) -> Tensor {
        let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape, op)
        let count = shape.elementCount
        return a.scalars.withUnsafeBufferPointer { x in
            b.scalars.withUnsafeBufferPointer { y in
                if a.count == count && b.count == count {
                    return make(shape: shape) { out in for i in 0..<count { out[i] = f(x[i], y[i]) } }
                } else if b.count == 1 && a.count == count {
                    let s = y[0]
                    return make(shape: shape) { out in for i in 0..<count { out[i] = f(x[i], s) } }
                } else if a.count == 1 && b.count == count {
                    let s = x[0]
                    return make(shape: shape) { out in for i in 0..<count { out[i] = f(s, y[i]) } }
                } else if a.count == count && b.count > 0 && isSuffix(b.shape, of: shape) {
                    let width = b.count
                    return make(shape: shape) { out in
                        for row in 0..<(count / width) {
                            let base = row * width
                            for j in 0..<width { out[base + j] = f(x[base + j], y[j]) }
                        }
                    }
                } else {
                    let ax = a.count == count ? a : expand(a.scalars, from: a.shape, to: shape)
                    let bx = b.count == count ? b : expand(b.scalars, from: b.shape, to: shape)
                    return zipBroadcast(ax, bx, op, f)
                }
            }
        }
    }

    /// True when `shape` (leading 1s dropped) equals the trailing axes of `target`.
    private static func isSuffix(_ shape: [Int], of target: [Int]) -> Bool {
        let trimmed = Array(shape.drop(while: { $0 == 1 }))
        return trimmed.count <= target.count && Array(target.suffix(trimmed.count)) == trimmed
    }
}
