/// Layer normalization (Ba et al., 2016): each sample is normalized over its last axis (D
/// features), the same way in training and inference, so it needs no running statistics and
/// works with any batch size.
///
///     μ = (1/D)·Σ x      σ² = (1/D)·Σ (x − μ)²      x̂ = (x − μ)/√(σ² + ε)      y = γ·x̂ + β
///
/// Fused backward pass, per row, with ĝ = γ·g:
///
///     ∂L/∂x = 1/(D·√(σ² + ε))·(D·ĝ − Σ ĝ − x̂·Σ ĝ·x̂)      ∂L/∂γ = Σ_rows g·x̂      ∂L/∂β = Σ_rows g
///
/// ε = 1e-5 is PyTorch's default; Keras' `LayerNormalization` uses ε = 1e-3.
public final class LayerNorm: Layer {
    public let featureCount: Int
    /// ε, added to the variance before the square root.
    public var epsilon: Float
    /// γ, the learned scale (starts at 1).
    public let gamma: Parameter
    /// β, the learned shift (starts at 0).
    public let beta: Parameter
    public var isTraining = true

    public init(featureCount: Int, epsilon: Float = 1e-5) {
        precondition(featureCount > 0 && epsilon > 0, "LayerNorm: needs featureCount > 0 and epsilon > 0, got \(featureCount) and \(epsilon)")
        self.featureCount = featureCount
        self.epsilon = epsilon
        gamma = Parameter(.ones([featureCount]))
        beta = Parameter(.zeros([featureCount]))
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 1 && x.shape.last == featureCount,
                     "LayerNorm(\(featureCount)): input shape \(x.shape) does not end in \(featureCount)")
        let d = featureCount, rows = x.count / featureCount
        var inverseStd = [Float](repeating: 0, count: rows)
        let normalized = Tensor.make(shape: x.shape) { out in
            for r in 0..<rows {
                let row = x.scalars[(r * d)..<((r + 1) * d)]
                let mean = row.reduce(0.0) { $0 + Double($1) } / Double(d)
                let variance = row.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(d)
                inverseStd[r] = Float(1 / (variance + Double(epsilon)).squareRoot())
                for j in 0..<d { out[r * d + j] = (x.scalars[r * d + j] - Float(mean)) * inverseStd[r] }
            }
        }
        let g = gamma.value.scalars, b = beta.value.scalars
        let y = Tensor.make(shape: x.shape) { out in
            for i in 0..<out.count { out[i] = g[i % d] * normalized.scalars[i] + b[i % d] }
        }
        return Tensor.record(y, inputs: [x, gamma.tracked, beta.tracked]) { upstream in
            let (dGamma, dBeta) = BatchNorm.featureSums(upstream, normalized, d)
            let dx = Tensor.make(shape: x.shape) { out in
                for r in 0..<rows {
                    var sum = 0.0, dot = 0.0
                    for j in 0..<d {
                        let scaled = Double(g[j] * upstream.scalars[r * d + j])
                        sum += scaled
                        dot += scaled * Double(normalized.scalars[r * d + j])
                    }
                    for j in 0..<d {
                        let i = r * d + j
                        let centered = Float(d) * g[j] * upstream.scalars[i] - Float(sum) - normalized.scalars[i] * Float(dot)
                        out[i] = inverseStd[r] / Float(d) * centered
                    }
                }
            }
            return [dx, Tensor(dGamma), Tensor(dBeta)]
        }
    }

    public var namedParameters: [(String, Parameter)] { [("weight", gamma), ("bias", beta)] }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.last == featureCount else {
            throw DescentError.shapeMismatch(layer: summaryName, expected: "[…, \(featureCount)]", actual: shape)
        }
        return shape
    }

    public var summaryName: String { "LayerNorm(\(featureCount))" }
}
