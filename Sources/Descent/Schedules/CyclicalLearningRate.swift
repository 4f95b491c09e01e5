import Foundation

/// Cyclical learning rates (Smith, 2017): a triangle wave between a base and a maximum rate.
///
///     s = s_up + s_down                     (s_down = s_up by default)
///     c = ⌊1 + t / s⌋                       the cycle, from 1
///     x = 1 + t / s − c                     the position in the cycle, in [0, 1)
///     h = x / r  if x ≤ r  else  (x − 1) / (r − 1)      r = s_up / s
///     η(t) = η_base + (η_max − η_base) · h · scale
///
///     triangular   scale = 1
///     triangular2  scale = 1 / 2^(c − 1)    (the amplitude halves every cycle)
///     exp_range    scale = γᵗ
///
/// The rate starts at η_base, peaks at η_max at t = s_up and is back at η_base at t = s.
/// This is PyTorch's `CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma)`
/// (its momentum cycling is not part of this schedule) and, for s_down = s_up, Smith's
/// `η_base + (η_max − η_base)·max(0, 1 − |t/s_up − 2c + 1|)·scale`.
public struct CyclicalLearningRate: Schedule {
    /// How the amplitude changes from cycle to cycle.
    public enum Mode: Sendable, Equatable {
        /// A constant amplitude.
        case triangular
        /// The amplitude halves every cycle.
        case triangular2
        /// The amplitude is multiplied by γᵗ (t counts steps, not cycles).
        case exponentialRange(gamma: Float)
    }

    public let baseLearningRate: Float
    public let maximumLearningRate: Float
    public let stepSizeUp: Int
    public let stepSizeDown: Int
    public let mode: Mode

    public init(baseLearningRate: Float, maximumLearningRate: Float, stepSizeUp: Int, stepSizeDown: Int? = nil,
                mode: Mode = .triangular) throws {
        try requireLearningRate(baseLearningRate, "CyclicalLearningRate baseLearningRate")
        try requireLearningRate(maximumLearningRate, "CyclicalLearningRate maximumLearningRate")
        try require(baseLearningRate <= maximumLearningRate, "CyclicalLearningRate baseLearningRate", baseLearningRate,
                    expected: "at most the maximum learning rate \(maximumLearningRate)")
        try require(stepSizeUp >= 1, "CyclicalLearningRate stepSizeUp", stepSizeUp, expected: "an integer ≥ 1")
        try require((stepSizeDown ?? 1) >= 1, "CyclicalLearningRate stepSizeDown", stepSizeDown ?? 1, expected: "an integer ≥ 1")
        if case let .exponentialRange(gamma) = mode {
            try require(gamma > 0 && gamma <= 1, "CyclicalLearningRate gamma", gamma, expected: "a factor in (0, 1]")
        }
        self.baseLearningRate = baseLearningRate
        self.maximumLearningRate = maximumLearningRate
        self.stepSizeUp = stepSizeUp
        self.stepSizeDown = stepSizeDown ?? stepSizeUp
        self.mode = mode
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Double(Swift.max(step, 0))
        let size = Double(stepSizeUp + stepSizeDown)
        let ratio = Double(stepSizeUp) / size
        let cycle = Foundation.floor(1 + t / size)
        let x = 1 + t / size - cycle
        let height = x <= ratio ? x / ratio : (x - 1) / (ratio - 1)
        let scale: Double
        switch mode {
        case .triangular: scale = 1
        case .triangular2: scale = 1 / Foundation.pow(2, cycle - 1)
        case let .exponentialRange(gamma): scale = Foundation.pow(Double(gamma), t)
        }
        let amplitude = Double(maximumLearningRate) - Double(baseLearningRate)
        return Float(Double(baseLearningRate) + amplitude * height * scale)
    }

    public var description: String {
        let modeText: String
        switch mode {
        case .triangular: modeText = "triangular"
        case .triangular2: modeText = "triangular2"
        case let .exponentialRange(gamma): modeText = "exp-range, gamma=\(gamma)"
        }
        let down = stepSizeDown == stepSizeUp ? "" : ", step_size_down=\(stepSizeDown)"
        return "cyclic(\(modeText), base_lr=\(baseLearningRate), max_lr=\(maximumLearningRate), step_size_up=\(stepSizeUp)\(down))"
    }
}
