/// An elementwise (or, for softmax, row-wise) nonlinearity, usable inside `Dense` and as a
/// layer of its own (`ActivationLayer`).
///
///     relu(x) = max(x, 0)      tanh(x)      sigmoid(x) = 1/(1 + e⁻ˣ)
///     softmax(x)ᵢ = e^xᵢ / Σⱼ e^xⱼ   (over the last axis)
public enum Activation: String, CaseIterable, Codable, Sendable {
    case linear, relu, tanh, sigmoid, softmax

    /// The name used in configs and summaries.
    public var name: String { rawValue }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .relu: return x.relu()
        case .tanh: return x.tanh()
        case .sigmoid: return x.sigmoid()
        case .softmax: return x.softmax(alongAxis: -1)
        }
    }
}

/// A layer that applies an `Activation` and has no parameters.
public final class ActivationLayer: Layer {
    public let activation: Activation
    public var isTraining = true

    public init(_ activation: Activation) { self.activation = activation }

    public func callAsFunction(_ input: Tensor) -> Tensor { activation(input) }
    public func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
    public var summaryName: String { activation.name.prefix(1).uppercased() + activation.name.dropFirst() }
}

/// max(x, 0) as a layer.
public func ReLU() -> ActivationLayer { ActivationLayer(.relu) }
/// tanh as a layer.
public func Tanh() -> ActivationLayer { ActivationLayer(.tanh) }
/// σ as a layer.
public func Sigmoid() -> ActivationLayer { ActivationLayer(.sigmoid) }
/// Softmax over the last axis as a layer.
public func Softmax() -> ActivationLayer { ActivationLayer(.softmax) }
