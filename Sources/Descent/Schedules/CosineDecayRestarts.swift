import Foundation

/// Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter, 2017).
///
///     cycle i has length Tᵢ = T₀ · T_multⁱ and starts at step T₀·(T_multⁱ − 1)/(T_mult − 1)
///     (i·T₀ when T_mult = 1); t_cur counts the steps since the start of cycle i.
///     ηᵢ_max = max(η_min, η₀ · mⁱ)
///     η(t) = η_min + ½ · (ηᵢ_max − η_min) · (1 + cos(π · t_cur / Tᵢ))
///
/// At a restart (t_cur = 0) the rate jumps back to ηᵢ_max; the last step of a cycle is just
/// above η_min. With m = 1 (the default) this is PyTorch's
/// `CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)`. Keras'
/// `CosineDecayRestarts(initial_learning_rate, first_decay_steps=T₀, t_mul, m_mul=m, alpha)`
/// shrinks the peak by m at each restart the same way, but scales its floor with it
/// (η_min = α·ηᵢ_max) and accepts a fractional t_mul.
public struct CosineDecayRestarts: Schedule {
    public let initialLearningRate: Float
    /// T₀: the length of the first cycle.
    public let firstPeriod: Int
    /// T_mult: each cycle is this many times longer than the previous one.
    public let periodMultiplier: Int
    public let minimumLearningRate: Float
    /// m: the peak of each cycle is m times the previous peak (1 keeps it).
    public let peakDecay: Float

    public init(initialLearningRate: Float, firstPeriod: Int, periodMultiplier: Int = 1,
                minimumLearningRate: Float = 0, peakDecay: Float = 1) throws {
        try requireLearningRate(initialLearningRate, "CosineDecayRestarts initialLearningRate")
        try requireLearningRate(minimumLearningRate, "CosineDecayRestarts minimumLearningRate")
        try require(minimumLearningRate <= initialLearningRate, "CosineDecayRestarts minimumLearningRate", minimumLearningRate,
                    expected: "at most the initial learning rate \(initialLearningRate)")
        try require(firstPeriod >= 1, "CosineDecayRestarts firstPeriod (T₀)", firstPeriod, expected: "an integer ≥ 1")
        try require(periodMultiplier >= 1, "CosineDecayRestarts periodMultiplier (T_mult)", periodMultiplier, expected: "an integer ≥ 1")
        try require(peakDecay > 0 && peakDecay <= 1, "CosineDecayRestarts peakDecay", peakDecay, expected: "a factor in (0, 1]")
        self.initialLearningRate = initialLearningRate
        self.firstPeriod = firstPeriod
        self.periodMultiplier = periodMultiplier
        self.minimumLearningRate = minimumLearningRate
        self.peakDecay = peakDecay
    }

    /// The cycle that contains `step`: its index i, the steps since it began, and its length Tᵢ.
    public func cycle(at step: Int) -> (index: Int, stepInCycle: Int, length: Int) {
        let t = Swift.max(step, 0)
        if periodMultiplier == 1 { return (t / firstPeriod, t % firstPeriod, firstPeriod) }
        var (index, stepInCycle, length) = (0, t, firstPeriod)
        while stepInCycle >= length {
            stepInCycle -= length
            length *= periodMultiplier
            index += 1
        }
        return (index, stepInCycle, length)
    }

    /// The steps at which a new cycle begins, up to `limit` (excluded): T₀, T₀ + T₀·T_mult, …
    public func restarts(before limit: Int) -> [Int] {
        var (result, start, length) = ([Int](), firstPeriod, firstPeriod)
        while start < limit {
            result.append(start)
            length *= periodMultiplier
            start += length
        }
        return result
    }

    public func callAsFunction(_ step: Int) -> Float {
        let (index, stepInCycle, length) = cycle(at: step)
        let floor = Double(minimumLearningRate)
        let peak = Swift.max(floor, Double(initialLearningRate) * Foundation.pow(Double(peakDecay), Double(index)))
        return Float(cosineAnnealing(from: peak, to: floor, progress: Double(stepInCycle) / Double(length)))
    }

    public var description: String {
        let decay = peakDecay == 1 ? "" : ", peak_decay=\(peakDecay)"
        return "cosine-restarts(lr=\(initialLearningRate), t0=\(firstPeriod), t_mult=\(periodMultiplier), min_lr=\(minimumLearningRate)\(decay))"
    }
}
