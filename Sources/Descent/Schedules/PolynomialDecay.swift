import Foundation

/// Polynomial decay from η₀ to an end value over T steps, then constant.
///
///     η(t) = (η₀ − η_end) · (1 − min(t, T) / T)^p + η_end
///
/// Keras' `PolynomialDecay(initial_learning_rate, decay_steps=T, end_learning_rate=1e-4,
/// power=1)` without `cycle`; PyTorch's `PolynomialLR(total_iters=T, power)` is η_end = 0,
/// which is the default here. p = 1 is a linear decay.
public struct PolynomialDecay: Schedule {
    public let initialLearningRate: Float
    public let totalSteps: Int
    public let power: Float
    public let endLearningRate: Float

    public init(initialLearningRate: Float, totalSteps: Int, power: Float = 1, endLearningRate: Float = 0) throws {
        try requireLearningRate(initialLearningRate, "PolynomialDecay initialLearningRate")
        try requireLearningRate(endLearningRate, "PolynomialDecay endLearningRate")
        try require(totalSteps >= 1, "PolynomialDecay totalSteps", totalSteps, expected: "an integer ≥ 1")
        try require(power.isFinite && power > 0, "PolynomialDecay power", power, expected: "a power > 0")
        self.initialLearningRate = initialLearningRate
        self.totalSteps = totalSteps
        self.power = power
        self.endLearningRate = endLearningRate
    }

    public func callAsFunction(_ step: Int) -> Float {
        let progress = Double(Swift.min(Swift.max(step, 0), totalSteps)) / Double(totalSteps)
        let span = Double(initialLearningRate) - Double(endLearningRate)
        return Float(span * Foundation.pow(1 - progress, Double(power)) + Double(endLearningRate))
    }

    public var description: String {
        "polynomial(lr=\(initialLearningRate), total_steps=\(totalSteps), power=\(power), end_lr=\(endLearningRate))"
    }
}
