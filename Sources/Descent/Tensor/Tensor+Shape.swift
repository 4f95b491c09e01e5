/// Shape manipulation: reshape, permute/transpose, concatenate, slice and row gathering.
/// Each is differentiable; its pullback undoes the data movement (reshape back, inverse
/// permutation, split, zero-padded slice, scatter-add of gathered rows).
extension Tensor {
    /// The same scalars under a new shape; one extent may be −1 and is inferred.
    public func reshaped(to newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "reshaped(to:): cannot infer −1 in \(newShape) for shape \(shape)")
            resolved[inferred] = count / known
        }
        precondition(resolved.elementCount == count, "reshaped(to:): shape \(shape) (\(count) elements) cannot become \(newShape)")
        if resolved == shape { return self }
        let original = shape
        return Tensor.record(Tensor(shape: resolved, scalars: scalars), inputs: [self]) { g in
            [Tensor(shape: original, scalars: g.scalars)]
        }
    }

    /// Axes reordered: result axis i is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permuted(_:): \(axes) is not a permutation of the axes of shape \(shape)")
        if axes == Array(0..<rank) { return self }
        let value = Tensor.permute(self, axes)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in axes.enumerated() { inverse[axis] = i }
        return Tensor.record(value, inputs: [self]) { g in [Tensor.permute(g, inverse)] }
    }

    /// The last two axes swapped (a matrix transpose, batched over leading axes).
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed(): needs rank ≥ 2, got shape \(shape)")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// Tensors joined along `axis`; all other extents must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate: needs at least one tensor")
        let first = tensors[0]
        let a = first.normalizedAxis(axis, "concatenate")
        for t in tensors {
            precondition(t.rank == first.rank && t.removing(a) == first.removing(a),
                         "concatenate: shapes \(first.shape) and \(t.shape) differ outside axis \(axis)")
        }
        let extents = tensors.map { $0.shape[a] }
        var shape = first.shape
        shape[a] = extents.reduce(0, +)
        let (outer, _, inner) = first.splitAround(a)
        let value = make(shape: shape) { out in
            var offset = 0
            for t in tensors {
                let width = t.shape[a] * inner
                t.scalars.withUnsafeBufferPointer { src in
                    for p in 0..<outer {
                        (out.baseAddress! + p * shape[a] * inner + offset)
                            .update(from: src.baseAddress! + p * width, count: width)
                    }
                }
                offset += width
            }
        }
        return record(value, inputs: tensors) { g in
            var start = 0
            return extents.map { extent in
                defer { start += extent }
                return g.slice(alongAxis: a, start..<(start + extent))
            }
        }
    }

    /// The elements whose index along `axis` lies in `range`.
    public func slice(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        let a = normalizedAxis(axis, "slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[a],
                     "slice: range \(range) is out of bounds for axis \(axis) of shape \(shape)")
        let (outer, n, inner) = splitAround(a)
        var outShape = shape
        outShape[a] = range.count
        let value = scalars.withUnsafeBufferPointer { src in
            Tensor.make(shape: outShape) { out in
                for p in 0..<outer {
                    (out.baseAddress! + p * range.count * inner)
                        .update(from: src.baseAddress! + (p * n + range.lowerBound) * inner, count: range.count * inner)
                }
            }
        }
        let inputShape = shape
        return Tensor.record(value, inputs: [self]) { g in
            [Tensor.make(shape: inputShape) { out in
                out.initialize(repeating: 0)
                g.scalars.withUnsafeBufferPointer { src in
                    for p in 0..<outer {
                        (out.baseAddress! + (p * n + range.lowerBound) * inner)
                            .update(from: src.baseAddress! + p * range.count * inner, count: range.count * inner)
                    }
                }
            }]
        }
    }

    /// The rows (entries along axis 0) at `indices`, in that order; indices may repeat.
    public func gathering(rows indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gathering(rows:): needs rank ≥ 1, got a scalar")
        let rowCount = shape[0]
        let width = count / Swift.max(rowCount, 1)
        var outShape = shape
        outShape[0] = indices.count
        let value = scalars.withUnsafeBufferPointer { src in
            Tensor.make(shape: outShape) { out in
                for (r, index) in indices.enumerated() {
                    precondition(index >= 0 && index < rowCount, "gathering(rows:): index \(index) out of range for shape \(shape)")
                    (out.baseAddress! + r * width).update(from: src.baseAddress! + index * width, count: width)
                }
            }
        }
        let inputShape = shape
        return Tensor.record(value, inputs: [self]) { g in
            [Tensor.make(shape: inputShape) { out in
                out.initialize(repeating: 0)
                for (r, index) in indices.enumerated() {
                    for j in 0..<width { out[index * width + j] += g.scalars[r * width + j] }
                }
            }]
        }
    }

    /// The permutation kernel (no tape).
    static func permute(_ x: Tensor, _ axes: [Int]) -> Tensor {
        let rank = x.rank
        let outShape = axes.map { x.shape[$0] }
        var inputStrides = [Int](repeating: 1, count: rank)
        for axis in (0..<Swift.max(rank - 1, 0)).reversed() { inputStrides[axis] = inputStrides[axis + 1] * x.shape[axis + 1] }
        let strides = axes.map { inputStrides[$0] }
        return x.scalars.withUnsafeBufferPointer { src in
            make(shape: outShape) { out in
                guard out.count > 0 else { return }
                var position = 0
                func walk(_ axis: Int, _ offset: Int) {
                    if axis == rank - 1 {
                        let stride = strides[axis]
                        for i in 0..<outShape[axis] { out[position + i] = src[offset + i * stride] }
                        position += outShape[axis]
                    } else {
                        for i in 0..<outShape[axis] { walk(axis + 1, offset + i * strides[axis]) }
                    }
                }
                walk(0, 0)
            }
        }
    }
}
