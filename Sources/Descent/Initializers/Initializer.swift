import DescentKernels

/// How a parameter tensor starts.
///
/// Fans follow Keras and PyTorch: for a matrix [in, out], fan_in = in and fan_out = out; for a
/// convolution kernel [kh, kw, C_in, C_out] (HWIO), fan_in = kh·kw·C_in and
/// fan_out = kh·kw·C_out; a vector of n has fan_in = fan_out = n.
///
///     normal(μ, σ)     𝒩(μ, σ²)                       uniform(a, b)  U[a, b)
///     truncatedNormal  𝒩(μ, σ²) redrawn outside μ ± 2σ  (variance ≈ 0.7737·σ²)
///     glorotUniform    U(±√(6/(fan_in + fan_out)))    glorotNormal   𝒩(0, 2/(fan_in + fan_out))
///     heUniform        U(±√(6/fan_in))                heNormal       𝒩(0, 2/fan_in)
///     lecunUniform     U(±√(3/fan_in))                lecunNormal    𝒩(0, 1/fan_in)
///     orthogonal(g)    g·Q, Q from the QR decomposition of a Gaussian matrix
///
/// Every variance above is the variance of the draw: Glorot and He keep the signal's variance
/// through a layer (Glorot for tanh and sigmoid, He for ReLU, LeCun for SELU). The normal
/// variants are plain normals, as in PyTorch (`xavier_normal_`, `kaiming_normal_`); Keras draws
/// them from a normal truncated at 2σ rescaled to the same variance, which changes no
/// variance and only trims the tails.
///
/// `normal(mean: 0, standardDeviation: 0.01)` is the old habit `descent experiment init-depth`
/// shows vanishing in deep networks.
public enum Initializer: Equatable, Sendable {
    case zeros
    case ones
    case constant(Float)
    case normal(mean: Float, standardDeviation: Float)
    case uniform(low: Float, high: Float)
    case truncatedNormal(mean: Float, standardDeviation: Float)
    case glorotUniform
    case glorotNormal
    case heUniform
    case heNormal
    case lecunUniform
    case lecunNormal
    case orthogonal(gain: Float)

    /// A tensor of `shape` drawn from this initializer.
    public func make(_ shape: [Int], generator: RandomGenerator = .default) -> Tensor {
        let (fanIn, fanOut) = Initializer.fans(of: shape)
        switch self {
        case .zeros: return .zeros(shape)
        case .ones: return .ones(shape)
        case .constant(let value): return .full(shape, value)
        case let .normal(mean, standardDeviation):
            return .randomNormal(shape, mean: mean, standardDeviation: standardDeviation, generator: generator)
        case let .uniform(low, high):
            return .randomUniform(shape, low: low, high: high, generator: generator)
        case let .truncatedNormal(mean, standardDeviation):
            return Initializer.truncatedNormal(shape, mean: mean, standardDeviation: standardDeviation, generator: generator)
        case .glorotUniform: return Initializer.symmetricUniform(shape, variance: 2 / Float(fanIn + fanOut), generator)
        case .glorotNormal:
            return .randomNormal(shape, standardDeviation: (2 / Float(fanIn + fanOut)).squareRoot(), generator: generator)
        case .heUniform: return Initializer.symmetricUniform(shape, variance: 2 / Float(fanIn), generator)
        case .heNormal: return .randomNormal(shape, standardDeviation: (2 / Float(fanIn)).squareRoot(), generator: generator)
        case .lecunUniform: return Initializer.symmetricUniform(shape, variance: 1 / Float(fanIn), generator)
        case .lecunNormal: return .randomNormal(shape, standardDeviation: (1 / Float(fanIn)).squareRoot(), generator: generator)
        case .orthogonal(let gain): return Initializer.orthogonal(shape, gain: gain, generator: generator)
        }
    }

    /// (fan_in, fan_out) of a parameter shape, per the type's documentation.
    public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        default:
            let receptiveField = shape.dropLast(2).reduce(1, *)
            return (receptiveField * shape[shape.count - 2], receptiveField * shape[shape.count - 1])
        }
    }

    /// U(±√(3·variance)), whose variance is `variance` (a uniform on ±a has variance a²/3).
    private static func symmetricUniform(_ shape: [Int], variance: Float, _ generator: RandomGenerator) -> Tensor {
        let limit = (3 * variance).squareRoot()
        return .randomUniform(shape, low: -limit, high: limit, generator: generator)
    }

    /// 𝒩(μ, σ²) conditioned on |x − μ| ≤ 2σ, by redrawing (4.6 % of draws are redrawn).
    private static func truncatedNormal(_ shape: [Int], mean: Float, standardDeviation: Float, generator: RandomGenerator) -> Tensor {
        Tensor.make(shape: shape) { out in
            for i in out.indices {
                var z = generator.nextNormal()
                while Swift.abs(z) > 2 { z = generator.nextNormal() }
                out[i] = mean + standardDeviation * z
            }
        }
    }
}

extension Initializer: CustomStringConvertible {
    /// The names `init?(name:)` accepts, as the command line spells them.
    public static let names = ["zeros", "ones", "normal", "uniform", "truncated-normal", "glorot-uniform",
                               "glorot-normal", "he-uniform", "he-normal", "lecun-uniform", "lecun-normal", "orthogonal"]

    /// Parses a command-line name. `normal` and `truncated-normal` mean σ = 0.01 unless written
    /// `normal:0.05`; `uniform` means U(±0.05) unless written `uniform:0.1`; `orthogonal:2` sets
    /// the gain. Underscores may replace hyphens, and `xavier`/`kaiming` name Glorot/He.
    public init?(name: String) {
        let parts = name.lowercased().replacingOccurrences(of: "_", with: "-")
            .replacingOccurrences(of: "xavier", with: "glorot").replacingOccurrences(of: "kaiming", with: "he")
            .split(separator: ":", maxSplits: 1).map(String.init)
        guard let base = parts.first else { return nil }
        let value: Float? = parts.count == 2 ? Float(parts[1]) : nil
        if parts.count == 2 && (value == nil || !value!.isFinite || value! <= 0) { return nil }
        switch base {
        case "zeros" where value == nil: self = .zeros
        case "ones" where value == nil: self = .ones
        case "normal": self = .normal(mean: 0, standardDeviation: value ?? 0.01)
        case "truncated-normal": self = .truncatedNormal(mean: 0, standardDeviation: value ?? 0.01)
        case "uniform": self = .uniform(low: -(value ?? 0.05), high: value ?? 0.05)
        case "orthogonal": self = .orthogonal(gain: value ?? 1)
        case "glorot-uniform" where value == nil: self = .glorotUniform
        case "glorot-normal" where value == nil: self = .glorotNormal
        case "he-uniform" where value == nil: self = .heUniform
        case "he-normal" where value == nil: self = .heNormal
        case "lecun-uniform" where value == nil: self = .lecunUniform
        case "lecun-normal" where value == nil: self = .lecunNormal
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .zeros: return "zeros"
        case .ones: return "ones"
        case .constant(let value): return "constant(\(value))"
        case let .normal(mean, standardDeviation): return "normal(\(mean), \(standardDeviation))"
        case let .uniform(low, high): return "uniform(\(low), \(high))"
        case let .truncatedNormal(mean, standardDeviation): return "truncated-normal(\(mean), \(standardDeviation))"
        case .glorotUniform: return "glorot-uniform"
        case .glorotNormal: return "glorot-normal"
        case .heUniform: return "he-uniform"
        case .heNormal: return "he-normal"
        case .lecunUniform: return "lecun-uniform"
        case .lecunNormal: return "lecun-normal"
        case .orthogonal(let gain): return "orthogonal(\(gain))"
        }
    }
}
