import DescentKernels

/// Matrix multiplication on the backend's SGEMM.
///
///     C = A·B     ∂L/∂A = G·Bᵀ     ∂L/∂B = Aᵀ·G
///
/// Shapes: [m,k]·[k,n]; batched [..., m, k]·[..., k, n] with equal batch axes; and
/// [..., m, k]·[k, n], where the batch folds into the rows of one GEMM. Transposes in the
/// backward pass are GEMM flags, never copies.
extension Tensor {
    /// The matrix product.
    public func matmul(_ other: Tensor) -> Tensor {
        let a = self, b = other
        precondition(a.rank >= 2 && b.rank >= 2, "matmul: needs rank ≥ 2, got shapes \(a.shape) and \(b.shape)")
        let k = a.shape[a.rank - 1]
        precondition(b.shape[b.rank - 2] == k, "matmul: inner dimensions differ for shapes \(a.shape) and \(b.shape)")
        if b.rank == 2 {
            // Fold the batch of A into its rows: one GEMM.
            let rows = a.count / Swift.max(k, 1)
            let n = b.shape[1]
            let value = Tensor.gemm(a.scalars, b.scalars, m: rows, n: n, k: k, transposeA: false, transposeB: false)
            let result = Tensor(shape: Array(a.shape.dropLast()) + [n], scalars: value)
            return Tensor.record(result, inputs: [a, b]) { g in
                [a.isTracked ? Tensor(shape: a.shape, scalars: Tensor.gemm(g.scalars, b.scalars, m: rows, n: k, k: n, transposeA: false, transposeB: true)) : nil,
                 b.isTracked ? Tensor(shape: b.shape, scalars: Tensor.gemm(a.scalars, g.scalars, m: k, n: n, k: rows, transposeA: true, transposeB: false)) : nil]
            }
        }
        precondition(a.shape.dropLast(2) == b.shape.dropLast(2),
                     "matmul: batch axes differ for shapes \(a.shape) and \(b.shape)")
        let m = a.shape[a.rank - 2], n = b.shape[b.rank - 1]
        let batch = a.shape.dropLast(2).reduce(1, *)
        let outShape = Array(a.shape.dropLast(2)) + [m, n]
        let value = Tensor.batchedGEMM(a.scalars, b.scalars, batch: batch, m: m, n: n, k: k, transposeA: false, transposeB: false)
        return Tensor.record(Tensor(shape: outShape, scalars: value), inputs: [a, b]) { g in
            [a.isTracked ? Tensor(shape: a.shape, scalars: Tensor.batchedGEMM(g.scalars, b.scalars, batch: batch, m: m, n: k, k: n, transposeA: false, transposeB: true)) : nil,
             b.isTracked ? Tensor(shape: b.shape, scalars: Tensor.batchedGEMM(a.scalars, g.scalars, batch: batch, m: k, n: n, k: m, transposeA: true, transposeB: false)) : nil]
        }
    }

    /// op(A)·op(B) for row-major buffers holding A and B as stored (before op).
    static func gemm(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> [Float] {
        batchedGEMM(a, b, batch: 1, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
    }

    static func batchedGEMM(_ a: [Float], _ b: [Float], batch: Int, m: Int, n: Int, k: Int,
                            transposeA: Bool, transposeB: Bool) -> [Float] {
        [Float](unsafeUninitializedCapacity: batch * m * n) { out, initialized in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    for i in 0..<batch {
                        let c = out.baseAddress! + i * m * n
                        if k == 0 {
                            c.update(repeating: 0, count: m * n)
                            continue
                        }
                        Backends.current.sgemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                            a: ap.baseAddress! + i * m * k, lda: transposeA ? m : k,
                            b: bp.baseAddress! + i * k * n, ldb: transposeB ? k : n,
                            beta: 0, c: c, ldc: n)
                    }
                }
            }
            initialized = batch * m * n
        }
    }
}
