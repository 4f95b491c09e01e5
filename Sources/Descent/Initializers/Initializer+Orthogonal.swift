import DescentKernels

extension Initializer {
    /// g·Q for a kernel viewed as a matrix [rows, cols] = [Π shape[..<last], shape.last] (Keras'
    /// flattening for the [in, out] and HWIO layouts): Q has orthonormal columns when
    /// rows ≥ cols (QᵀQ = I) and orthonormal rows otherwise (QQᵀ = I) (Saxe et al., 2014).
    ///
    /// Q comes from the QR decomposition of a standard Gaussian matrix A = QR by modified
    /// Gram–Schmidt in Double, with the signs of R's diagonal moved into Q so that Q is
    /// uniformly (Haar) distributed, as `torch.nn.init.orthogonal_` and Keras do.
    static func orthogonal(_ shape: [Int], gain: Float, generator: RandomGenerator) -> Tensor {
        precondition(shape.count >= 2, "Initializer.orthogonal: needs a kernel of rank ≥ 2, got shape \(shape)")
        let cols = shape[shape.count - 1]
        let rows = shape.elementCount / Swift.max(cols, 1)
        let (long, short) = (Swift.max(rows, cols), Swift.min(rows, cols))
        // Column j of A is vectors[j], of length `long`.
        var vectors = (0..<short).map { _ in (0..<long).map { _ in Double(generator.nextNormal()) } }
        for j in 0..<short {
            for i in 0..<j {
                let projection = zip(vectors[i], vectors[j]).reduce(0) { $0 + $1.0 * $1.1 }
                for k in 0..<long { vectors[j][k] -= projection * vectors[i][k] }
            }
            // After the projections, the norm is |R_jj|; its sign in the unnormalised
            // Gram–Schmidt is positive, so Q·sign(diag R) = Q here: no correction is needed.
            let norm = vectors[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
            for k in 0..<long { vectors[j][k] /= norm }
        }
        return Tensor.make(shape: shape) { out in
            for r in 0..<rows {
                for c in 0..<cols {
                    let value = rows >= cols ? vectors[c][r] : vectors[r][c]
                    out[r * cols + c] = gain * Float(value)
                }
            }
        }
    }
}
