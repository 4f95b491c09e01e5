import DescentKernels

/// A fully connected layer: `y = activation(x·W + b)`.
///
/// `weight` has shape [inputSize, outputSize] (Keras' kernel layout; PyTorch's `Linear.weight`
/// is the transpose, [out, in]). Weights start Glorot-uniform and the bias at zero, as in Keras
/// and the course (PyTorch's default is U(±1/√fan_in) for both).
public final class Dense: Layer {
    public let inputSize: Int
    public let outputSize: Int
    public let weight: Parameter
    public let bias: Parameter?
    public var activation: Activation
    public var isTraining = true
    /// Penalties added to the training loss (see `Regularizer`); nil for none.
    public var weightRegularizer: Regularizer?
    public var biasRegularizer: Regularizer?

    public init(
        inputSize: Int, outputSize: Int, activation: Activation = .linear, useBias: Bool = true,
        weightInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
        generator: RandomGenerator = .default
    ) {
        precondition(inputSize > 0 && outputSize > 0, "Dense: sizes must be positive, got \(inputSize)→\(outputSize)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.activation = activation
        weight = Parameter(weightInitializer.make([inputSize, outputSize], generator: generator))
        bias = useBias ? Parameter(biasInitializer.make([outputSize], generator: generator)) : nil
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.shape.last == inputSize, "Dense(\(inputSize)→\(outputSize)): input shape \(input.shape) does not end in \(inputSize)")
        let rectified = activation == .relu
        let output = input.affine(weight.tracked, bias: bias?.tracked, rectified: rectified)
        return rectified ? output : activation(output)
    }

    public var namedParameters: [(String, Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.last == inputSize else {
            throw DescentError.shapeMismatch(layer: summaryName, expected: "[…, \(inputSize)]", actual: shape)
        }
        return Array(shape.dropLast()) + [outputSize]
    }

    public var summaryName: String {
        "Dense(\(inputSize)→\(outputSize)\(activation == .linear ? "" : ", \(activation.name)"))"
    }
}
