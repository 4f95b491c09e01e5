import Foundation

/// Multiplies the learning rate by γ at each milestone.
///
///     η(t) = η₀ · γ^|{ m ∈ milestones : m ≤ t }|
///
/// PyTorch's `MultiStepLR(milestones, gamma=0.1)`: at step m the rate is already reduced.
public struct MultiStepDecay: Schedule {
    public let initialLearningRate: Float
    public let milestones: [Int]
    public let gamma: Float

    public init(initialLearningRate: Float, milestones: [Int], gamma: Float = 0.1) throws {
        try requireLearningRate(initialLearningRate, "MultiStepDecay initialLearningRate")
        try require(!milestones.isEmpty && zip(milestones, milestones.dropFirst()).allSatisfy { $0 < $1 } && milestones[0] >= 1,
                    "MultiStepDecay milestones", milestones, expected: "strictly increasing steps ≥ 1, at least one")
        try require(gamma > 0 && gamma <= 1, "MultiStepDecay gamma", gamma, expected: "a factor in (0, 1]")
        self.initialLearningRate = initialLearningRate
        self.milestones = milestones
        self.gamma = gamma
    }

    public func callAsFunction(_ step: Int) -> Float {
        let passed = milestones.filter { $0 <= step }.count
        return Float(Double(initialLearningRate) * Foundation.pow(Double(gamma), Double(passed)))
    }

    public var description: String {
        "multistep(lr=\(initialLearningRate), milestones=\(milestones), gamma=\(gamma))"
    }
}
