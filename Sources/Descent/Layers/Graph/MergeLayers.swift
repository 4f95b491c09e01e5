/// A layer of several inputs, the joins of a `GraphModel`. Called with one tensor it merges
/// that tensor alone (the identity).
public protocol MergeLayer: Layer {
    /// The merged batch; all inputs have the same batch size.
    func callAsFunction(_ inputs: [Tensor]) -> Tensor
    /// The shape of one merged sample; throws naming the shapes that cannot merge.
    func outputShape(forInputs shapes: [[Int]]) throws -> [Int]
}

extension MergeLayer {
    public func callAsFunction(_ input: Tensor) -> Tensor { self([input]) }
    public func outputShape(forInput shape: [Int]) throws -> [Int] { try outputShape(forInputs: [shape]) }

    /// Throws unless all inputs have one shape.
    func requireEqualShapes(_ shapes: [[Int]]) throws -> [Int] {
        guard shapes.allSatisfy({ $0 == shapes[0] }) else {
            throw DescentError.graph(problem: "\(summaryName) needs inputs of one shape, got \(shapes.map { "\($0)" }.joined(separator: " and "))")
        }
        return shapes[0]
    }
}

/// The elementwise sum of its inputs, all of one shape: the join of a residual connection,
/// `y = x + F(x)`. ∂y/∂xᵢ = 1 (Keras' `Add`).
public final class Add: MergeLayer {
    public var isTraining = true
    public init() {}

    public func callAsFunction(_ inputs: [Tensor]) -> Tensor { inputs.dropFirst().reduce(inputs[0], +) }
    public func outputShape(forInputs shapes: [[Int]]) throws -> [Int] { try requireEqualShapes(shapes) }
}

/// The elementwise product of its inputs, all of one shape: gates such as `y = x ⊙ σ(g)`.
/// ∂y/∂xᵢ = Πⱼ≠ᵢ xⱼ (Keras' `Multiply`).
public final class Multiply: MergeLayer {
    public var isTraining = true
    public init() {}

    public func callAsFunction(_ inputs: [Tensor]) -> Tensor { inputs.dropFirst().reduce(inputs[0], *) }
    public func outputShape(forInputs shapes: [[Int]]) throws -> [Int] { try requireEqualShapes(shapes) }
}

/// Its inputs joined along one sample axis, channels (the last axis) by default: DenseNet's
/// and Inception's joins, `torch.cat(xs, dim=1)` on NCHW. All other extents must agree; the
/// gradient of each input is its slice of the output's gradient.
public final class Concatenate: MergeLayer {
    /// The sample axis (batch excluded); negative counts from the end, -1 is channels.
    public let axis: Int
    public var isTraining = true

    public init(axis: Int = -1) { self.axis = axis }

    public func callAsFunction(_ inputs: [Tensor]) -> Tensor {
        let rank = inputs[0].rank
        return Tensor.concatenate(inputs, alongAxis: axis < 0 ? rank + axis : axis + 1)
    }

    public func outputShape(forInputs shapes: [[Int]]) throws -> [Int] {
        let rank = shapes[0].count
        let resolved = axis < 0 ? rank + axis : axis
        guard resolved >= 0 && resolved < rank else {
            throw DescentError.graph(problem: "\(summaryName) joins along axis \(axis), but samples have \(rank) axes \(shapes[0])")
        }
        func others(_ shape: [Int]) -> [Int] { shape.enumerated().filter { $0.offset != resolved }.map(\.element) }
        guard shapes.allSatisfy({ $0.count == rank && others($0) == others(shapes[0]) }) else {
            throw DescentError.graph(problem: "\(summaryName) needs inputs that agree outside axis \(axis), got \(shapes.map { "\($0)" }.joined(separator: " and "))")
        }
        var shape = shapes[0]
        shape[resolved] = shapes.reduce(0) { $0 + $1[resolved] }
        return shape
    }

    public var summaryName: String { axis == -1 ? "Concatenate" : "Concatenate(axis \(axis))" }
}
