/// The same learning rate at every step.
///
///     η(t) = η₀
///
/// PyTorch: no scheduler. Keras: a float learning rate.
public struct ConstantSchedule: Schedule {
    public let learningRate: Float

    public init(learningRate: Float) throws {
        try requireLearningRate(learningRate, "ConstantSchedule learningRate")
        self.learningRate = learningRate
    }

    public func callAsFunction(_ step: Int) -> Float { learningRate }

    public var description: String { "constant(lr=\(learningRate))" }
}
