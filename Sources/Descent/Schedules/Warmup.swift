import Foundation

/// A warm-up of k steps in front of another schedule.
///
///     η(t) = η_base(0) · (f₀ + (1 − f₀) · w(t / k))     for t < k
///     η(t) = η_base(t − k)                               for t ≥ k
///     linear  w(x) = x          cosine  w(x) = ½ · (1 − cos(π x))
///
/// The rate climbs from f₀·η_base(0) to η_base(0), then the wrapped schedule runs from its own
/// step 0. Linear warm-up followed by a schedule is PyTorch's
/// `SequentialLR([LinearLR(start_factor=f₀, total_iters=k), base], milestones=[k])`; Keras'
/// `CosineDecay(warmup_steps=k, warmup_target=η₀)` starts from its `initial_learning_rate`
/// instead of a factor. Build one with `schedule.withWarmup(steps:startFactor:shape:)`.
public struct Warmup: Schedule {
    /// The curve of the climb.
    public enum Shape: String, Sendable, CaseIterable {
        case linear
        case cosine
    }

    public let base: any Schedule
    public let steps: Int
    public let startFactor: Float
    public let shape: Shape

    public init(_ base: any Schedule, steps: Int, startFactor: Float = 0, shape: Shape = .linear) throws {
        try require(steps >= 1, "Warmup steps", steps, expected: "an integer ≥ 1")
        try require(startFactor >= 0 && startFactor <= 1, "Warmup startFactor", startFactor, expected: "a factor in [0, 1]")
        self.base = base
        self.steps = steps
        self.startFactor = startFactor
        self.shape = shape
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Swift.max(step, 0)
        guard t < steps else { return base(t - steps) }
        let x = Double(t) / Double(steps)
        let climb = shape == .linear ? x : 0.5 * (1 - Foundation.cos(Double.pi * x))
        let factor = Double(startFactor) + (1 - Double(startFactor)) * climb
        return Float(Double(base(0)) * factor)
    }

    public var description: String {
        "warmup(steps=\(steps), start_factor=\(startFactor), \(shape.rawValue)) → \(base)"
    }
}

extension Schedule {
    /// This schedule with a warm-up of `steps` steps in front (see `Warmup`).
    public func withWarmup(steps: Int, startFactor: Float = 0, shape: Warmup.Shape = .linear) throws -> Warmup {
        try Warmup(self, steps: steps, startFactor: startFactor, shape: shape)
    }
}
