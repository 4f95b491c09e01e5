/// Layers applied one after another; parameters are named `"<index>.<name>"`.
///
/// ```swift
/// let model = Sequential {
///     Dense(inputSize: 2, outputSize: 64, activation: .relu)
///     Dense(inputSize: 64, outputSize: 3)
/// }
/// ```
public final class Sequential: Layer {
    public private(set) var layers: [any Layer]
    public var isTraining = true

    public init(_ layers: [any Layer]) { self.layers = layers }
    public convenience init(@LayerBuilder _ build: () -> [any Layer]) { self.init(build()) }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        layers.reduce(input) { $1($0) }
    }

    public var sublayers: [(String, any Layer)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        try layers.reduce(shape) { try $1.outputShape(forInput: $0) }
    }

    /// Adds a layer at the end.
    public func append(_ layer: any Layer) { layers.append(layer) }

    /// Removes the last `count` layers (e.g. to drop a classification head) and returns them.
    @discardableResult
    public func removeLast(_ count: Int) -> [any Layer] {
        precondition(count <= layers.count, "Sequential.removeLast: cannot remove \(count) of \(layers.count) layers")
        let removed = Array(layers.suffix(count))
        layers.removeLast(count)
        return removed
    }
}

/// Builds `[any Layer]` from a list of layer expressions.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    public static func buildEither(first: [any Layer]) -> [any Layer] { first }
    public static func buildEither(second: [any Layer]) -> [any Layer] { second }
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}
