/// Fixed values between step boundaries.
///
///     η(t) = vᵢ   for bᵢ₋₁ ≤ t < bᵢ      (b₀ = −∞, bₙ₊₁ = +∞; n boundaries, n + 1 values)
///
/// A boundary is the first step of the next value, as a PyTorch milestone is. Keras'
/// `PiecewiseConstantDecay` switches one step later (`t ≤ bᵢ` keeps vᵢ); pass boundaries
/// plus one to reproduce it.
public struct PiecewiseConstantDecay: Schedule {
    public let boundaries: [Int]
    public let values: [Float]

    public init(boundaries: [Int], values: [Float]) throws {
        try require(values.count == boundaries.count + 1, "PiecewiseConstantDecay values", values,
                    expected: "one more value than boundaries (\(boundaries.count + 1))")
        try require(zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 < $1 } && (boundaries.first ?? 0) >= 0,
                    "PiecewiseConstantDecay boundaries", boundaries, expected: "strictly increasing steps ≥ 0")
        for value in values { try requireLearningRate(value, "PiecewiseConstantDecay values") }
        self.boundaries = boundaries
        self.values = values
    }

    public func callAsFunction(_ step: Int) -> Float {
        values[boundaries.firstIndex { step < $0 } ?? boundaries.count]
    }

    public var description: String {
        "piecewise(boundaries=\(boundaries), values=\(values))"
    }
}
