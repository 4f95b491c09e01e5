import Foundation

/// An elementwise (or, for softmax, row-wise) nonlinearity, usable inside `Dense` and as a
/// layer of its own (`ActivationLayer`).
///
///     relu(x) = max(x, 0)             leakyReLU(x) = x if x > 0 else αx   (α = 0.01)
///     relu6(x) = min(max(x, 0), 6)    (MobileNet; PyTorch's `ReLU6`, Keras' `relu(max_value=6)`)
///     elu(x) = x if x > 0 else α(eˣ − 1)                                   (α = 1)
///     selu(x) = λ·elu_α(x), λ = 1.0507…, α = 1.6733…
///     gelu(x) = x·Φ(x)                geluTanh(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
///     sigmoid(x) = 1/(1 + e⁻ˣ)        tanh(x)         softplus(x) = ln(1 + eˣ)
///     swish(x) = x·σ(x) (SiLU)        hardSigmoid(x) = clamp(x/6 + ½, 0, 1)
///     softmax(x)ᵢ = e^xᵢ / Σⱼ e^xⱼ     logSoftmax(x)ᵢ = xᵢ − ln Σⱼ e^xⱼ   (over the last axis)
///
/// Defaults are PyTorch's; Keras' `LeakyReLU` layer uses α = 0.3 (write `.leakyReLU(alpha: 0.3)`).
/// Activations with learnable or random slopes are layers: `PReLU` and `RReLU`.
///
/// Names, for configs and the command line: `linear`, `relu`, `relu6`, `leaky_relu`, `elu`, `selu`,
/// `gelu`, `gelu_tanh`, `sigmoid`, `tanh`, `softplus`, `swish` (or `silu`), `hard_sigmoid`,
/// `softmax`, `log_softmax`; a parameter goes in parentheses: `leaky_relu(0.2)`, `elu(0.5)`.
public enum Activation: Equatable, Sendable {
    case linear, relu, relu6, leakyReLU(alpha: Float = 0.01), elu(alpha: Float = 1), selu, gelu, geluTanh
    case sigmoid, tanh, softplus, swish, hardSigmoid, softmax, logSoftmax

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .relu: return x.relu()
        case .relu6: return x.relu6()
        case .leakyReLU(let alpha): return x.leakyReLU(alpha: alpha)
        case .elu(let alpha): return x.elu(alpha: alpha)
        case .selu: return x.selu()
        case .gelu: return x.gelu()
        case .geluTanh: return x.geluTanh()
        case .sigmoid: return x.sigmoid()
        case .tanh: return x.tanh()
        case .softplus: return x.softplus()
        case .swish: return x.swish()
        case .hardSigmoid: return x.hardSigmoid()
        case .softmax: return x.softmax(alongAxis: -1)
        case .logSoftmax: return x.logSoftmax(alongAxis: -1)
        }
    }
}

extension Activation: CaseIterable, Codable, CustomStringConvertible {
    /// Every activation, parameterised ones with their defaults.
    public static var allCases: [Activation] {
        [.linear, .relu, .relu6, .leakyReLU(), .elu(), .selu, .gelu, .geluTanh,
         .sigmoid, .tanh, .softplus, .swish, .hardSigmoid, .softmax, .logSoftmax]
    }

    /// The name used in configs and summaries, e.g. `relu` or `leaky_relu(0.2)`; a parameter
    /// appears only when it differs from the default.
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .relu: return "relu"
        case .relu6: return "relu6"
        case .leakyReLU(let alpha): return alpha == 0.01 ? "leaky_relu" : "leaky_relu(\(alpha))"
        case .elu(let alpha): return alpha == 1 ? "elu" : "elu(\(alpha))"
        case .selu: return "selu"
        case .gelu: return "gelu"
        case .geluTanh: return "gelu_tanh"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .softplus: return "softplus"
        case .swish: return "swish"
        case .hardSigmoid: return "hard_sigmoid"
        case .softmax: return "softmax"
        case .logSoftmax: return "log_softmax"
        }
    }

    /// Parses a name as written by `name` (hyphens may replace underscores; `silu` is `swish`);
    /// nil for anything else.
    public init?(name: String) {
        var base = name.lowercased().replacingOccurrences(of: "-", with: "_")
        var parameter: Float?
        if let open = base.firstIndex(of: "("), base.hasSuffix(")") {
            guard let value = Float(base[base.index(after: open)..<base.index(before: base.endIndex)]),
                  value.isFinite else { return nil }
            parameter = value
            base = String(base[..<open])
        }
        switch (base, parameter) {
        case ("leaky_relu", let alpha): self = .leakyReLU(alpha: alpha ?? 0.01)
        case ("elu", let alpha): self = .elu(alpha: alpha ?? 1)
        case ("silu", nil): self = .swish
        case (_, nil):
            guard let match = Activation.allCases.first(where: { $0.name == base }) else { return nil }
            self = match
        default: return nil
        }
    }

    public var description: String { name }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let activation = Activation(name: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown activation '\(text)'"))
        }
        self = activation
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
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
/// min(max(x, 0), 6) as a layer (MobileNetV2's nonlinearity).
public func ReLU6() -> ActivationLayer { ActivationLayer(.relu6) }
/// Leaky ReLU as a layer (PyTorch's default slope 0.01; Keras' layer uses 0.3).
public func LeakyReLU(alpha: Float = 0.01) -> ActivationLayer { ActivationLayer(.leakyReLU(alpha: alpha)) }
/// ELU as a layer.
public func ELU(alpha: Float = 1) -> ActivationLayer { ActivationLayer(.elu(alpha: alpha)) }
/// SELU as a layer (pair it with LeCun-normal weights and `AlphaDropout`).
public func SELU() -> ActivationLayer { ActivationLayer(.selu) }
/// GELU as a layer: exact, or the tanh approximation.
public func GELU(approximateWithTanh: Bool = false) -> ActivationLayer { ActivationLayer(approximateWithTanh ? .geluTanh : .gelu) }
/// x·σ(x) as a layer.
public func SiLU() -> ActivationLayer { ActivationLayer(.swish) }
