import DescentKernels

/// How a parameter tensor starts.
///
/// Fans follow Keras: for a matrix [in, out], fan_in = in and fan_out = out; for a convolution
/// kernel [kh, kw, C_in, C_out] (HWIO), fan_in = kh·kw·C_in and fan_out = kh·kw·C_out.
///
///     glorotUniform  U(±√(6/(fan_in + fan_out)))     glorotNormal  𝒩(0, 2/(fan_in + fan_out))
///     heUniform      U(±√(6/fan_in))                 heNormal      𝒩(0, 2/fan_in)
///
/// Glorot/Xavier suits tanh and sigmoid; He suits ReLU.
public enum Initializer: Equatable, Sendable {
    case zeros
    case ones
    case constant(Float)
    case normal(mean: Float, standardDeviation: Float)
    case uniform(low: Float, high: Float)
    case glorotUniform
    case glorotNormal
    case heUniform
    case heNormal

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
        case .glorotUniform:
            let limit = (6 / Float(fanIn + fanOut)).squareRoot()
            return .randomUniform(shape, low: -limit, high: limit, generator: generator)
        case .glorotNormal:
            return .randomNormal(shape, standardDeviation: (2 / Float(fanIn + fanOut)).squareRoot(), generator: generator)
        case .heUniform:
            let limit = (6 / Float(fanIn)).squareRoot()
            return .randomUniform(shape, low: -limit, high: limit, generator: generator)
        case .heNormal:
            return .randomNormal(shape, standardDeviation: (2 / Float(fanIn)).squareRoot(), generator: generator)
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
}
