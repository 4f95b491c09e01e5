import Foundation

/// Multiplies the learning rate by γ every k steps (or epochs).
///
///     η(t) = η₀ · γ^⌊t / k⌋
///
/// PyTorch's `StepLR(step_size=k, gamma=γ)` (γ defaults to 0.1). Halving, `ηₜ = ηₜ₋₁ / 2`,
/// is γ = ½ with k = 1: see `halving(initialLearningRate:every:)`.
public struct StepDecay: Schedule {
    public let initialLearningRate: Float
    public let stepSize: Int
    public let gamma: Float

    public init(initialLearningRate: Float, stepSize: Int, gamma: Float = 0.1) throws {
        try requireLearningRate(initialLearningRate, "StepDecay initialLearningRate")
        try require(stepSize >= 1, "StepDecay stepSize", stepSize, expected: "an integer ≥ 1")
        try require(gamma > 0 && gamma <= 1, "StepDecay gamma", gamma, expected: "a factor in (0, 1]")
        self.initialLearningRate = initialLearningRate
        self.stepSize = stepSize
        self.gamma = gamma
    }

    /// Halves the learning rate every `every` steps: `η(t) = η₀ · ½^⌊t / every⌋`.
    public static func halving(initialLearningRate: Float, every: Int = 1) throws -> StepDecay {
        try StepDecay(initialLearningRate: initialLearningRate, stepSize: every, gamma: 0.5)
    }

    public func callAsFunction(_ step: Int) -> Float {
        let decays = Swift.max(step, 0) / stepSize
        return Float(Double(initialLearningRate) * Foundation.pow(Double(gamma), Double(decays)))
    }

    public var description: String { "step(lr=\(initialLearningRate), step_size=\(stepSize), gamma=\(gamma))" }
}
