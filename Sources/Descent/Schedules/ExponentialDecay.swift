import Foundation

/// Exponential decay, in the textbook form or in Keras' form.
///
///     η(t) = η₀ · e^(−k·t)                     init(initialLearningRate:k:)
///     η(t) = η₀ · r^(t / T)                    init(initialLearningRate:decayRate:decaySteps:isStaircase:)
///     η(t) = η₀ · r^⌊t / T⌋                    … with isStaircase
///
/// The two are one curve: r = e^(−k) with T = 1. PyTorch's `ExponentialLR(gamma)` is
/// `η₀·γᵗ`, i.e. r = γ, T = 1; Keras' `ExponentialDecay(initial_learning_rate, decay_steps,
/// decay_rate, staircase)` is the second form.
public struct ExponentialDecay: Schedule {
    public let initialLearningRate: Float
    /// r: the factor applied over `decaySteps` steps.
    public let decayRate: Float
    /// T: the steps over which the rate is multiplied by r.
    public let decaySteps: Int
    /// True: decay in whole multiples of T (a staircase), as Keras' `staircase=True`.
    public let isStaircase: Bool
    /// k of the textbook form, when the schedule was made from it (for `description`).
    private let k: Float?
    /// ln r per decay period, kept in Double so that η₀·e^(−kt) stays exact for large t.
    private let logDecayRate: Double

    /// `η(t) = η₀ · e^(−k·t)` with k ≥ 0.
    public init(initialLearningRate: Float, k: Float) throws {
        try requireLearningRate(initialLearningRate, "ExponentialDecay initialLearningRate")
        try require(k.isFinite && k >= 0, "ExponentialDecay k", k, expected: "a decay constant ≥ 0")
        self.initialLearningRate = initialLearningRate
        self.decayRate = Float(Foundation.exp(-Double(k)))
        self.decaySteps = 1
        self.isStaircase = false
        self.k = k
        self.logDecayRate = -Double(k)
    }

    /// `η(t) = η₀ · r^(t / T)`, or `r^⌊t / T⌋` with `isStaircase` (Keras' form).
    public init(initialLearningRate: Float, decayRate: Float, decaySteps: Int, isStaircase: Bool = false) throws {
        try requireLearningRate(initialLearningRate, "ExponentialDecay initialLearningRate")
        try require(decayRate > 0 && decayRate <= 1, "ExponentialDecay decayRate", decayRate, expected: "a factor in (0, 1]")
        try require(decaySteps >= 1, "ExponentialDecay decaySteps", decaySteps, expected: "an integer ≥ 1")
        self.initialLearningRate = initialLearningRate
        self.decayRate = decayRate
        self.decaySteps = decaySteps
        self.isStaircase = isStaircase
        self.k = nil
        self.logDecayRate = Foundation.log(Double(decayRate))
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Swift.max(step, 0)
        let periods = isStaircase ? Double(t / decaySteps) : Double(t) / Double(decaySteps)
        return Float(Double(initialLearningRate) * Foundation.exp(logDecayRate * periods))
    }

    public var description: String {
        if let k { return "exponential(lr=\(initialLearningRate), k=\(k))" }
        return "exponential(lr=\(initialLearningRate), decay_rate=\(decayRate), decay_steps=\(decaySteps)\(isStaircase ? ", staircase" : ""))"
    }
}
