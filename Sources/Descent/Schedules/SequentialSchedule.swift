/// Schedules run one after another, each from its own step 0.
///
///     η(t) = sᵢ(t − bᵢ)     for bᵢ ≤ t < bᵢ₊₁      (b₀ = 0; boundaries b₁ < b₂ < …)
///
/// PyTorch's `SequentialLR(schedulers, milestones)`. For example a constant warm-up plateau,
/// then a cosine:
///
/// ```swift
/// let schedule = try SequentialSchedule([ConstantSchedule(learningRate: 0.01),
///                                        CosineDecay(initialLearningRate: 0.1, decaySteps: 900)],
///                                       boundaries: [100])
/// ```
public struct SequentialSchedule: Schedule {
    public let schedules: [any Schedule]
    /// The step at which each schedule after the first takes over.
    public let boundaries: [Int]

    public init(_ schedules: [any Schedule], boundaries: [Int]) throws {
        try require(!schedules.isEmpty, "SequentialSchedule schedules", "[]", expected: "at least one schedule")
        try require(boundaries.count == schedules.count - 1, "SequentialSchedule boundaries", boundaries,
                    expected: "one boundary between each pair of schedules (\(schedules.count - 1))")
        try require(zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 < $1 } && (boundaries.first ?? 1) >= 1,
                    "SequentialSchedule boundaries", boundaries, expected: "strictly increasing steps ≥ 1")
        self.schedules = schedules
        self.boundaries = boundaries
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Swift.max(step, 0)
        let index = boundaries.lastIndex { $0 <= t }.map { $0 + 1 } ?? 0
        let start = index == 0 ? 0 : boundaries[index - 1]
        return schedules[index](t - start)
    }

    public var description: String {
        var parts = [schedules[0].description]
        for (boundary, schedule) in zip(boundaries, schedules.dropFirst()) { parts.append("at \(boundary): \(schedule)") }
        return "sequential(" + parts.joined(separator: "; ") + ")"
    }
}
