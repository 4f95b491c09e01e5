import Foundation

/// Cosine annealing from η₀ to η_min over T steps, then constant at η_min.
///
///     η(t) = η_min + ½ · (η₀ − η_min) · (1 + cos(π · min(t, T) / T))
///
/// PyTorch's `CosineAnnealingLR(T_max=T, eta_min)` for t ≤ T (PyTorch's closed form keeps
/// following the cosine back up after T; this schedule stays at η_min, as Keras' does).
/// Keras' `CosineDecay(initial_learning_rate, decay_steps=T, alpha)` is η_min = α·η₀.
public struct CosineDecay: Schedule {
    public let initialLearningRate: Float
    public let decaySteps: Int
    public let minimumLearningRate: Float

    public init(initialLearningRate: Float, decaySteps: Int, minimumLearningRate: Float = 0) throws {
        try requireLearningRate(initialLearningRate, "CosineDecay initialLearningRate")
        try requireLearningRate(minimumLearningRate, "CosineDecay minimumLearningRate")
        try require(minimumLearningRate <= initialLearningRate, "CosineDecay minimumLearningRate", minimumLearningRate,
                    expected: "at most the initial learning rate \(initialLearningRate)")
        try require(decaySteps >= 1, "CosineDecay decaySteps", decaySteps, expected: "an integer ≥ 1 (T_max)")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.minimumLearningRate = minimumLearningRate
    }

    public func callAsFunction(_ step: Int) -> Float {
        let progress = Double(Swift.min(Swift.max(step, 0), decaySteps)) / Double(decaySteps)
        return Float(cosineAnnealing(from: Double(initialLearningRate), to: Double(minimumLearningRate), progress: progress))
    }

    public var description: String {
        "cosine(lr=\(initialLearningRate), t_max=\(decaySteps), min_lr=\(minimumLearningRate))"
    }
}

/// `end + ½·(start − end)·(1 + cos(π·progress))`: start at progress 0, end at progress 1.
func cosineAnnealing(from start: Double, to end: Double, progress: Double) -> Double {
    end + 0.5 * (start - end) * (1 + Foundation.cos(Double.pi * progress))
}
