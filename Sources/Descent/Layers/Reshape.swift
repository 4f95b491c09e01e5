/// Each sample given a new shape with the same number of elements: [N, …] → [N] + `targetShape`.
/// One extent of `targetShape` may be −1 and is inferred (Keras' `Reshape`).
///
/// ```swift
/// let toImages = Reshape([28, 28, 1])   // [N, 784] → [N, 28, 28, 1]
/// ```
public final class Reshape: Layer {
    /// The shape of one output sample, batch axis excluded.
    public let targetShape: [Int]
    public var isTraining = true

    public init(_ targetShape: [Int]) {
        precondition(targetShape.allSatisfy { $0 > 0 || $0 == -1 } && targetShape.filter { $0 == -1 }.count <= 1,
                     "Reshape: target shape \(targetShape) needs positive extents and at most one −1")
        self.targetShape = targetShape
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1, "Reshape: needs a batch axis, got a scalar")
        guard let sample = try? outputShape(forInput: Array(input.shape.dropFirst())) else {
            preconditionFailure("\(summaryName): input shape \(input.shape) cannot become [N] + \(targetShape)")
        }
        return input.reshaped(to: [input.shape[0]] + sample)
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        let count = shape.elementCount
        let known = targetShape.filter { $0 != -1 }.reduce(1, *)
        let mismatch = DescentError.shapeMismatch(layer: summaryName, expected: "\(known)·k elements", actual: shape)
        guard let inferred = targetShape.firstIndex(of: -1) else {
            guard known == count else { throw mismatch }
            return targetShape
        }
        guard known > 0, count % known == 0 else { throw mismatch }
        var resolved = targetShape
        resolved[inferred] = count / known
        return resolved
    }

    public var summaryName: String { "Reshape(\(targetShape))" }
}
