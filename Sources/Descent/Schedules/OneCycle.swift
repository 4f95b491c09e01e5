import Foundation

/// The one-cycle policy (Smith & Topin, 2018): one warm-up to a peak rate, then a long
/// annealing far below the start, with momentum moving the opposite way.
///
///     η_start = η_max / div_factor          η_end = η_start / final_div_factor
///     phase 1, steps 0 … a = p·T − 1:        η: η_start → η_max     μ: μ_max → μ_base
///     phase 2, steps a … T − 1:              η: η_max → η_end       μ: μ_base → μ_max
///     within a phase from step s to step e, with q = (t − s) / (e − s):
///       cos     v = v_to + ½ · (v_from − v_to) · (1 + cos(π q))
///       linear  v = v_from + (v_to − v_from) · q
///
/// With `isThreePhase` the first phase is mirrored back to η_start at 2a, and the last phase
/// anneals from η_start to η_end (fast.ai's original shape). After T − 1 the values stay at
/// the end. Defaults and phase boundaries are PyTorch's `OneCycleLR` (p = 0.3, div_factor 25,
/// final_div_factor 10⁴, cos, momentum 0.85…0.95); `momentum` gives the matching inverse cycle
/// for a `MomentumScheduler` (it drives SGD's μ or Adam's β₁).
public struct OneCycle: Schedule {
    /// How a phase moves from its start value to its end value.
    public enum Annealing: String, Sendable, CaseIterable {
        case cosine = "cos"
        case linear
    }

    public let maximumLearningRate: Float
    public let totalSteps: Int
    /// p: the fraction of the steps spent increasing the rate.
    public let warmupFraction: Double
    public let annealing: Annealing
    public let divFactor: Float
    public let finalDivFactor: Float
    public let baseMomentum: Float
    public let maximumMomentum: Float
    public let isThreePhase: Bool

    public init(maximumLearningRate: Float, totalSteps: Int, warmupFraction: Double = 0.3, annealing: Annealing = .cosine,
                divFactor: Float = 25, finalDivFactor: Float = 1e4, baseMomentum: Float = 0.85, maximumMomentum: Float = 0.95,
                isThreePhase: Bool = false) throws {
        try requireLearningRate(maximumLearningRate, "OneCycle maximumLearningRate")
        try require(totalSteps >= 2, "OneCycle totalSteps", totalSteps, expected: "an integer ≥ 2")
        let peak = warmupFraction * Double(totalSteps) - 1
        let last = isThreePhase ? 2 * peak : peak
        try require(peak > 0 && last < Double(totalSteps - 1), "OneCycle warmupFraction", warmupFraction,
                    expected: "a fraction whose phases each span at least one step of \(totalSteps)\(isThreePhase ? " (below ½ for three phases)" : "")")
        try require(divFactor >= 1 && finalDivFactor >= 1, "OneCycle divFactor and finalDivFactor", "\(divFactor), \(finalDivFactor)",
                    expected: "factors ≥ 1")
        try require(baseMomentum >= 0 && baseMomentum <= maximumMomentum && maximumMomentum < 1, "OneCycle baseMomentum",
                    baseMomentum, expected: "0 ≤ baseMomentum ≤ maximumMomentum (\(maximumMomentum)) < 1")
        self.maximumLearningRate = maximumLearningRate
        self.totalSteps = totalSteps
        self.warmupFraction = warmupFraction
        self.annealing = annealing
        self.divFactor = divFactor
        self.finalDivFactor = finalDivFactor
        self.baseMomentum = baseMomentum
        self.maximumMomentum = maximumMomentum
        self.isThreePhase = isThreePhase
    }

    /// η_start = η_max / div_factor.
    public var initialLearningRate: Float { Float(Double(maximumLearningRate) / Double(divFactor)) }
    /// η_end = η_start / final_div_factor.
    public var finalLearningRate: Float { Float(Double(maximumLearningRate) / Double(divFactor) / Double(finalDivFactor)) }

    public func callAsFunction(_ step: Int) -> Float {
        let (start, peak, end) = (Double(maximumLearningRate) / Double(divFactor), Double(maximumLearningRate),
                                  Double(maximumLearningRate) / Double(divFactor) / Double(finalDivFactor))
        return Float(value(at: step, start: start, peak: peak, end: end))
    }

    /// The momentum (or β₁) of the inverse cycle at `step`: μ_max → μ_base → μ_max.
    public func momentumValue(at step: Int) -> Float {
        let (high, low) = (Double(maximumMomentum), Double(baseMomentum))
        return Float(value(at: step, start: high, peak: low, end: high))
    }

    /// The momentum cycle as a schedule, for a `MomentumScheduler`.
    public var momentum: OneCycleMomentum { OneCycleMomentum(cycle: self) }

    /// The value of a quantity that goes start → peak → end over the phases.
    private func value(at step: Int, start: Double, peak: Double, end: Double) -> Double {
        let top = warmupFraction * Double(totalSteps) - 1
        let phases: [(end: Double, from: Double, to: Double)] = isThreePhase
            ? [(top, start, peak), (2 * top, peak, start), (Double(totalSteps - 1), start, end)]
            : [(top, start, peak), (Double(totalSteps - 1), peak, end)]
        let t = Double(Swift.max(step, 0))
        let index = phases.firstIndex { t <= $0.end } ?? phases.count - 1
        let phase = phases[index]
        let phaseStart = index == 0 ? 0 : phases[index - 1].end
        let progress = Swift.min((t - phaseStart) / (phase.end - phaseStart), 1)
        switch annealing {
        case .cosine: return cosineAnnealing(from: phase.from, to: phase.to, progress: progress)
        case .linear: return phase.from + (phase.to - phase.from) * progress
        }
    }

    public var description: String {
        "one-cycle(max_lr=\(maximumLearningRate), total_steps=\(totalSteps), pct_start=\(warmupFraction), anneal=\(annealing.rawValue)\(isThreePhase ? ", three_phase" : ""))"
    }
}
