import Foundation

/// Softmax cross-entropy on logits z [N, K], fused with log-sum-exp, with optional label
/// smoothing ε and class weights w:
///
///     p = softmax(z)                  q = (1 − ε)·y + ε/K          (y one-hot or a distribution)
///     ℓᵢ = −Σₖ wₖ·qᵢₖ·log pᵢₖ
///     L  = Σᵢ ℓᵢ / D                  D = Σᵢ w_{yᵢ} for class indices, N for [N, K] targets
///     ∂L/∂zᵢⱼ = (pᵢⱼ·Σₖ wₖ·qᵢₖ − wⱼ·qᵢⱼ) / D
///
/// Without options (ε = 0, w = 1) this is `−log softmax(z)_y` averaged over N, and the
/// gradient is `(p − y)/N`. Targets are class indices [N] (stored as Float) or one-hot / soft
/// labels [N, K] whose rows sum to 1.
///
/// Matches PyTorch `CrossEntropyLoss(weight=w, label_smoothing=ε)` with `reduction='mean'`,
/// including its weighted mean over class-index targets (Σ wᵢ·ℓᵢ / Σ w_{yᵢ}, not / N) and its
/// plain mean over N for probability targets. Keras `CategoricalCrossentropy(label_smoothing=ε)`
/// smooths the same way (ε/K); Keras has no class weights inside the loss (`class_weight` in
/// `fit` weights samples and divides by N).
///
/// ```swift
/// let loss = SoftmaxCrossEntropy(labelSmoothing: 0.1, classWeights: [1, 2, 1])
/// ```
public struct SoftmaxCrossEntropy: Loss {
    /// ε: the share of each target spread evenly over the K classes, in [0, 1].
    public let labelSmoothing: Float
    /// w: one non-negative weight per class; nil weighs every class 1.
    public let classWeights: [Float]?

    public init(labelSmoothing: Float = 0, classWeights: [Float]? = nil) {
        precondition(labelSmoothing >= 0 && labelSmoothing <= 1,
                     "SoftmaxCrossEntropy: labelSmoothing \(labelSmoothing) is not in [0, 1]")
        precondition(classWeights?.allSatisfy { $0.isFinite && $0 >= 0 } ?? true,
                     "SoftmaxCrossEntropy: classWeights \(classWeights ?? []) must be finite and ≥ 0")
        self.labelSmoothing = labelSmoothing
        self.classWeights = classWeights
    }

    public var name: String { "softmax_cross_entropy" }
    public var targetKind: LossTargetKind { .classIndices }

    public func callAsFunction(_ logits: Tensor, _ targets: Tensor) -> Tensor {
        let soft = classDistribution(for: logits, targets, loss: "SoftmaxCrossEntropy")
        let (n, k) = (logits.shape[0], logits.shape[1])
        guard labelSmoothing != 0 || classWeights != nil else {
            return Self.fused(logits, soft, denominator: Double(Swift.max(n, 1)), rowMass: nil)
        }
        if let classWeights {
            precondition(classWeights.count == k,
                         "SoftmaxCrossEntropy: \(classWeights.count) class weights for \(k) classes")
        }
        let labels = targets.shape == [n, k] ? nil : targets.scalars
        let (weighted, denominator, mass) = weightedTargets(soft, labels: labels, rows: n, classes: k)
        return Self.fused(logits, weighted, denominator: denominator, rowMass: mass)
    }

    /// a = w·q per entry, the denominator D, and each row's Σₖ aᵢₖ.
    private func weightedTargets(_ soft: Tensor, labels: [Float]?, rows n: Int, classes k: Int)
        -> (Tensor, denominator: Double, rowMass: [Float]) {
        let keep = 1 - labelSmoothing, uniform = labelSmoothing / Float(k)
        var a = [Float](repeating: 0, count: n * k), mass = [Float](repeating: 0, count: n)
        var denominator = labels == nil ? Double(n) : 0
        for row in 0..<n {
            for j in 0..<k {
                let value = (classWeights?[j] ?? 1) * (keep * soft.scalars[row * k + j] + uniform)
                a[row * k + j] = value
                mass[row] += value
            }
            if let labels { denominator += Double(classWeights?[Int(labels[row])] ?? 1) }
        }
        return (Tensor(shape: [n, k], scalars: a), n == 0 ? 1 : denominator, mass)
    }

    /// L = −Σ aᵢₖ·log pᵢₖ / D with ∂L/∂zᵢⱼ = (pᵢⱼ·massᵢ − aᵢⱼ)/D; a nil `rowMass` means rows
    /// that sum to 1 (the default path, kept bit-identical to the loss without options).
    private static func fused(_ logits: Tensor, _ a: Tensor, denominator: Double, rowMass: [Float]?) -> Tensor {
        let (n, k) = (logits.shape[0], logits.shape[1])
        let logProbabilities = Tensor.softmaxKernel(logits, axis: 1, log: true)
        var total: Double = 0
        for i in 0..<(n * k) where a.scalars[i] != 0 {
            total -= Double(a.scalars[i]) * Double(logProbabilities.scalars[i])
        }
        let value = Tensor(Float(total / denominator))
        return Tensor.record(value, inputs: [logits]) { g in
            let scale = g.scalar / Float(denominator)
            return [Tensor.make(shape: logits.shape) { out in
                for i in 0..<(n * k) {
                    let p = Foundation.exp(logProbabilities.scalars[i])
                    out[i] = scale * ((rowMass.map { p * $0[i / k] } ?? p) - a.scalars[i])
                }
            }]
        }
    }
}
