/// Inverse-time decay.
///
///     η(t) = η₀ / (1 + k · t / T)              (T = 1: η₀ / (1 + k·t))
///     η(t) = η₀ / (1 + k · ⌊t / T⌋)            with isStaircase
///
/// Keras' `InverseTimeDecay(initial_learning_rate, decay_steps=T, decay_rate=k, staircase)`;
/// the classic `1/t` decay of stochastic approximation for large k·t.
public struct InverseTimeDecay: Schedule {
    public let initialLearningRate: Float
    public let k: Float
    public let decaySteps: Int
    public let isStaircase: Bool

    public init(initialLearningRate: Float, k: Float, decaySteps: Int = 1, isStaircase: Bool = false) throws {
        try requireLearningRate(initialLearningRate, "InverseTimeDecay initialLearningRate")
        try require(k.isFinite && k >= 0, "InverseTimeDecay k", k, expected: "a decay constant ≥ 0")
        try require(decaySteps >= 1, "InverseTimeDecay decaySteps", decaySteps, expected: "an integer ≥ 1")
        self.initialLearningRate = initialLearningRate
        self.k = k
        self.decaySteps = decaySteps
        self.isStaircase = isStaircase
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Swift.max(step, 0)
        let periods = isStaircase ? Double(t / decaySteps) : Double(t) / Double(decaySteps)
        return Float(Double(initialLearningRate) / (1 + Double(k) * periods))
    }

    public var description: String {
        let period = decaySteps == 1 && !isStaircase ? "" : ", decay_steps=\(decaySteps)\(isStaircase ? ", staircase" : "")"
        return "inverse-time(lr=\(initialLearningRate), k=\(k)\(period))"
    }
}
