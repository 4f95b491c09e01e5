/// Batch normalization (Ioffe & Szegedy, 2015) over the last axis: features of [N, F], or
/// channels of NHWC maps [N, H, W, C] (statistics over N·H·W positions per channel).
///
///     training:   μ = (1/M)·Σ x        σ² = (1/M)·Σ (x − μ)²       (M values per feature)
///                 x̂ = (x − μ)/√(σ² + ε)        y = γ·x̂ + β
///                 running ← (1 − m)·running + m·batch   (mean μ; variance σ²·M/(M − 1) if unbiased)
///     inference:  y = γ·(x − running_mean)/√(running_var + ε) + β
///
/// The training backward pass is fused (with g = ∂L/∂y, sums over the M values of a feature):
///
///     ∂L/∂β = Σ g      ∂L/∂γ = Σ g·x̂      ∂L/∂x = γ/(M·√(σ² + ε))·(M·g − Σ g − x̂·Σ g·x̂)
///
/// which follows from x̂ depending on every x of its feature through μ and σ².
///
/// Defaults are PyTorch's (`momentum` m = 0.1, ε = 1e-5, unbiased running variance). Keras
/// writes `moving = μ·moving + (1 − μ)·batch` with μ = 0.99, ε = 1e-3 and the biased variance:
/// `BatchNorm.keras(featureCount:)` builds exactly that (m = 1 − μ). γ starts at 1, β at 0,
/// the running mean at 0 and the running variance at 1. Running statistics are listed as
/// non-trainable parameters and as `namedBuffers` (`running_mean`, `running_var`: PyTorch's
/// buffer names), so checkpoints and `restoreBestWeights` carry them and freezing skips them.
///
/// Placed before the activation (`Dense` → `BatchNorm` → ReLU, the paper's order) or after it;
/// the layer does not care. A bias in the preceding layer is redundant before it (β replaces it).
public final class BatchNorm: Layer {
    public let featureCount: Int
    /// m, the weight of the new batch in the running averages (PyTorch's convention).
    public var momentum: Float
    /// ε, added to the variance before the square root.
    public var epsilon: Float
    /// Whether the running variance takes the unbiased batch variance σ²·M/(M − 1) (PyTorch) or σ² (Keras).
    public var usesUnbiasedRunningVariance: Bool
    /// γ, the learned scale.
    public let gamma: Parameter
    /// β, the learned shift.
    public let beta: Parameter
    public let runningMean: Parameter
    public let runningVariance: Parameter
    public var isTraining = true
    /// SyncBatchNorm: the batch statistics (per-feature sums and count) and the input gradient's
    /// sums are summed over these ranks, so every rank normalizes with the global batch's μ and σ²
    /// and the running statistics agree; nil normalizes with this process's batch.
    public var synchronization: (any Communicator)?

    public init(featureCount: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, usesUnbiasedRunningVariance: Bool = true) {
        precondition(featureCount > 0, "BatchNorm: featureCount must be positive, got \(featureCount)")
        precondition(momentum >= 0 && momentum <= 1 && epsilon > 0, "BatchNorm: needs momentum in [0, 1] and epsilon > 0, got \(momentum) and \(epsilon)")
        self.featureCount = featureCount
        self.momentum = momentum
        self.epsilon = epsilon
        self.usesUnbiasedRunningVariance = usesUnbiasedRunningVariance
        gamma = Parameter(.ones([featureCount]))
        beta = Parameter(.zeros([featureCount]))
        runningMean = Parameter(.zeros([featureCount]), isTrainable: false)
        runningVariance = Parameter(.ones([featureCount]), isTrainable: false)
    }

    /// Keras' `BatchNormalization(momentum: μ, epsilon: ε)`: m = 1 − μ, biased running variance.
    public static func keras(featureCount: Int, momentum: Float = 0.99, epsilon: Float = 1e-3) -> BatchNorm {
        BatchNorm(featureCount: featureCount, momentum: 1 - momentum, epsilon: epsilon, usesUnbiasedRunningVariance: false)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 2 && input.shape.last == featureCount,
                     "BatchNorm(\(featureCount)): input shape \(input.shape) must be [N, …, \(featureCount)]")
        guard isTraining && !isFrozen else {  // frozen: running statistics (transfer learning)
            let (g, b) = (gamma.tracked, beta.tracked)
            guard g.isTracked || b.isTracked else {
                // γ, β constant: y = x·s + t with s = γ/√(v + ε), t = β − μ·s, in one pass
                let (mean, variance) = (runningMean.value.scalars, runningVariance.value.scalars)
                let scale = (0..<featureCount).map { g.scalars[$0] / (variance[$0] + epsilon).squareRoot() }
                return input.channelAffine(scale: scale, shift: (0..<featureCount).map { b.scalars[$0] - mean[$0] * scale[$0] })
            }
            let scale = g / (runningVariance.value + epsilon).squareRoot()
            return (input - runningMean.value) * scale + b
        }
        return normalizeWithBatchStatistics(input)
    }

    private func normalizeWithBatchStatistics(_ x: Tensor) -> Tensor {
        let c = featureCount
        let m = x.count / c
        precondition(m > 1 || synchronization != nil, "BatchNorm(\(featureCount)): training needs more than one value per feature, got input shape \(x.shape)")
        // Sums per feature (BatchNormKernels: Float within fixed chunks of rows, Double across them).
        var count = Double(m)   // M: the values per feature, over every rank when synchronized
        var mean = x.withUnsafeScalars { x in
            BatchNormKernels.featureSums(rows: m, features: c) { rows, sums in
                BatchNormKernels.addRows(rows, features: c, into: sums) { row, j, width in LanePointer(x.baseAddress!)[row * c + j, width] }
            }
        }
        if synchronization != nil {
            let sums = synchronized(mean + [count])
            (mean, count) = (Array(sums.prefix(c)), sums[c])
            precondition(count > 1, "BatchNorm(\(featureCount)): training needs more than one value per feature over all ranks, got \(count)")
        }
        for j in 0..<c { mean[j] /= count }
        let means = LaneLoop.channelTable(mean.map { Float($0) })
        var variance = x.withUnsafeScalars { x in
            means.withUnsafeBufferPointer { means in
                BatchNormKernels.featureSums(rows: m, features: c) { rows, sums in
                    BatchNormKernels.addRows(rows, features: c, into: sums) { row, j, width in
                        let d = LanePointer(x.baseAddress!)[row * c + j, width] - LanePointer(means.baseAddress!)[j, width]
                        return d * d
                    }
                }
            }
        }
        if synchronization != nil { variance = synchronized(variance) }
        for j in 0..<c { variance[j] /= count }
        updateRunningStatistics(mean: mean, variance: variance, count: Int(count))
        let total = Float(count)

        let inverseStd = variance.map { Float(1 / ($0 + Double(epsilon)).squareRoot()) }
        let (shifts, inverses) = (LaneLoop.channelTable(mean.map { Float($0) }), LaneLoop.channelTable(inverseStd))
        let (gammas, betas) = (LaneLoop.channelTable(gamma.value.scalars), LaneLoop.channelTable(beta.value.scalars))
        let n = x.count
        // x̂ = (x − μ)·(1/σ) and y = γ·x̂ + β, one pass writing both.
        var normalized = Tensor(0)
        let y = Tensor.makeLanes(shape: x.shape) { out in
            normalized = Tensor.makeLanes(shape: x.shape) { xHat in
                x.withLanes { source in
                    BatchNormKernels.withTables(shifts, inverses, gammas, betas) { shift, inverse, g, b in
                        LaneLoop.forEachBlock(n) { i, width in
                            let k = i % c
                            let normal = (source[i, width] - shift[k, Lanes.scalarCount]) * inverse[k, Lanes.scalarCount]
                            xHat[i, width] = normal
                            out[i, width] = g[k, Lanes.scalarCount] * normal + b[k, Lanes.scalarCount]
                        }
                    }
                }
            }
        }
        let g = gamma.value.scalars
        return Tensor.record(y, inputs: [x, gamma.tracked, beta.tracked]) { [self] upstream in
            // γ and β get this rank's sums (data parallelism adds the ranks' gradients); x̂'s
            // gradient needs the sums over the whole synchronized batch
            let (dGamma, dBeta) = Self.featureSums(upstream, normalized, c)
            var (sumGamma, sumBeta) = (dGamma, dBeta)
            if synchronization != nil {
                let sums = synchronized((dGamma + dBeta).map(Double.init)).map(Float.init)
                (sumGamma, sumBeta) = (Array(sums.prefix(c)), Array(sums.suffix(c)))
            }
            let scales = LaneLoop.channelTable((0..<c).map { g[$0] * inverseStd[$0] / total })
            let (gammaSums, betaSums) = (LaneLoop.channelTable(sumGamma), LaneLoop.channelTable(sumBeta))
            let totals = Lanes(repeating: total)
            let dx = Tensor.makeLanes(shape: x.shape) { out in
                upstream.withLanes { gradient in
                    normalized.withLanes { xHat in
                        BatchNormKernels.withTables(scales, gammaSums, betaSums, betaSums) { scale, sumG, sumB, _ in
                            LaneLoop.forEachBlock(n) { i, width in
                                let k = i % c
                                let centered = totals * gradient[i, width] - sumB[k, Lanes.scalarCount] - xHat[i, width] * sumG[k, Lanes.scalarCount]
                                out[i, width] = scale[k, Lanes.scalarCount] * centered
                            }
                        }
                    }
                }
            }
            return [dx, Tensor(dGamma), Tensor(dBeta)]
        }
    }

    /// `values` summed over the ranks of `synchronization`. A failed collective means a rank is
    /// gone, which MPI ends the job for; nothing sensible can continue here.
    private func synchronized(_ values: [Double]) -> [Double] {
        do { return try synchronization!.allReduce(values, .sum) } catch {
            preconditionFailure("BatchNorm(\(featureCount)): synchronizing batch statistics failed: \(error)")
        }
    }

    /// (Σ g·x̂, Σ g) per feature (BatchNormKernels' fixed chunks).
    static func featureSums(_ upstream: Tensor, _ normalized: Tensor, _ c: Int) -> ([Float], [Float]) {
        let sums = upstream.withUnsafeScalars { g in
            normalized.withUnsafeScalars { xHat in
                BatchNormKernels.featureSums(rows: g.count / c, features: c, count: 2) { rows, sums in
                    let (gradient, normal) = (LanePointer(g.baseAddress!), LanePointer(xHat.baseAddress!))
                    BatchNormKernels.addRows(rows, features: c, into: sums) { row, j, width in gradient[row * c + j, width] * normal[row * c + j, width] }
                    BatchNormKernels.addRows(rows, features: c, into: sums + c) { row, j, width in gradient[row * c + j, width] }
                }
            }
        }
        return (sums.prefix(c).map(Float.init), sums.suffix(c).map(Float.init))
    }

    private func updateRunningStatistics(mean: [Double], variance: [Double], count m: Int) {
        let correction = usesUnbiasedRunningVariance ? Double(m) / Double(m - 1) : 1
        let weight = Double(momentum)
        for j in 0..<featureCount {
            let oldMean = Double(runningMean.value.scalars[j]), oldVariance = Double(runningVariance.value.scalars[j])
            runningMean.value.scalars[j] = Float((1 - weight) * oldMean + weight * mean[j])
            runningVariance.value.scalars[j] = Float((1 - weight) * oldVariance + weight * variance[j] * correction)
        }
    }

    public var namedParameters: [(String, Parameter)] {
        [("weight", gamma), ("bias", beta)] + namedBuffers
    }

    public var namedBuffers: [(String, Parameter)] { [("running_mean", runningMean), ("running_var", runningVariance)] }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.last == featureCount else {
            throw DescentError.shapeMismatch(layer: summaryName, expected: "[…, \(featureCount)]", actual: shape)
        }
        return shape
    }

    public var summaryName: String { "BatchNorm(\(featureCount))" }
}
