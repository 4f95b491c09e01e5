import DescentKernels

/// The fused kernel of `Dense`: one tape node for x·W + b and, optionally, the ReLU after it.
///
///     z = x·W + b        y = relu(z) or z
///     ∂L/∂z = g ⊙ [y > 0] (or g)     ∂L/∂b = Σ_rows ∂L/∂z     ∂L/∂W = xᵀ·∂L/∂z     ∂L/∂x = ∂L/∂z·Wᵀ
///
/// The forward pass writes b into every row of the output and lets the GEMM add x·W to it
/// (β = 1), then rectifies in place: one output buffer instead of three, and no pass that only
/// adds. [y > 0] equals [z > 0], so the backward pass needs only y. x may have leading batch
/// axes ([…, k]); they fold into the rows of one GEMM.
extension Tensor {
    func affine(_ weight: Tensor, bias: Tensor?, rectified: Bool) -> Tensor {
        let x = self
        let (k, n) = (weight.shape[0], weight.shape[1])
        precondition(weight.rank == 2 && x.rank >= 1 && x.shape.last == k && (bias == nil || bias!.shape == [n]),
                     "affine: input \(x.shape), weight \(weight.shape) and bias \(bias?.shape ?? []) do not fit")
        let rows = x.count / Swift.max(k, 1)
        let y = Tensor.make(shape: Array(x.shape.dropLast()) + [n]) { out in
            guard let c = out.baseAddress, out.count > 0 else { return }
            if let bias {
                bias.withUnsafeScalars { b in
                    for row in 0..<rows { (c + row * n).update(from: b.baseAddress!, count: n) }
                }
            } else if k == 0 {
                out.initialize(repeating: 0)
            }
            if k > 0 {
                x.withUnsafeScalars { a in
                    weight.withUnsafeScalars { w in
                        Backends.current.sgemm(transposeA: false, transposeB: false, m: rows, n: n, k: k, alpha: 1,
                                               a: a.baseAddress!, lda: k, b: w.baseAddress!, ldb: n,
                                               beta: bias == nil ? 0 : 1, c: c, ldc: n)
                    }
                }
            }
            if rectified { Tensor.rectify(LanePointer(c), into: LanePointer(c), count: out.count) }
        }
        return Tensor.record(y, inputs: bias.map { [x, weight, $0] } ?? [x, weight]) { g in
            let dz = rectified ? g.gated(by: y) : g
            let dx = x.isTracked
                ? Tensor(shape: x.shape, scalars: Tensor.gemm(dz.scalars, weight.scalars, m: rows, n: k, k: n, transposeA: false, transposeB: true))
                : nil
            let dw = weight.isTracked
                ? Tensor(shape: weight.shape, scalars: Tensor.gemm(x.scalars, dz.scalars, m: k, n: n, k: rows, transposeA: true, transposeB: false))
                : nil
            guard let bias else { return [dx, dw] }
            return [dx, dw, bias.isTracked ? dz.unbroadcast(to: bias.shape) : nil]
        }
    }

    /// y = max(x, 0), written `x > 0 ? x : 0` per lane (so NaN becomes 0); y may be x.
    static func rectify(_ x: LanePointer, into y: LanePointer, count: Int) {
        LaneLoop.forEachBlock(count) { i, width in
            y[i, width] = x[i, width].rectified
        }
    }

    /// g ⊙ [y > 0]: the ReLU's backward pass from its output. Written g·1 or g·0 per lane, as
    /// the scalar derivative would be applied.
    func gated(by output: Tensor) -> Tensor {
        precondition(output.count == count, "relu backward: gradient \(shape) and output \(output.shape) differ")
        let n = count
        return Tensor.makeLanes(shape: shape) { out in
            withLanes { g in
                output.withLanes { y in
                    LaneLoop.forEachBlock(n) { i, width in
                        out[i, width] = g[i, width].gatedByReLU(output: y[i, width])
                    }
                }
            }
        }
    }
}
