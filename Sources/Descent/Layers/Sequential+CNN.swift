import DescentKernels

extension Sequential {
    /// A small convolutional classifier for NHWC images: for each entry f of `filters`,
    /// `Conv2D 3×3 (f filters, same padding) + ReLU → MaxPool2D 2×2`; then `Flatten`,
    /// `Dense(hidden) + ReLU` and a linear `Dense(outputSize)` (the loss applies softmax).
    ///
    /// The default `filters: [32, 64], hidden: 128` on [28, 28, 1] is the `cnn` benchmark
    /// workload of DESIGN.md. Throws `DescentError.shapeMismatch` when the image is too small
    /// for the number of pooling stages.
    public static func convolutionalNetwork(
        inputShape: [Int], filters: [Int] = [32, 64], hidden: Int = 128, outputSize: Int,
        generator: RandomGenerator = .default
    ) throws -> Sequential {
        guard inputShape.count == 3 else {
            throw DescentError.shapeMismatch(layer: "convolutionalNetwork", expected: "an image shape [H, W, C]", actual: inputShape)
        }
        let model = Sequential([])
        var channels = inputShape[2]
        for count in filters {
            model.append(Conv2D(inputChannels: channels, outputChannels: count, kernelSize: 3, padding: .same,
                                activation: .relu, generator: generator))
            model.append(MaxPool2D(size: 2))
            channels = count
        }
        model.append(Flatten())
        let features = try model.outputShape(forInput: inputShape)[0]
        model.append(Dense(inputSize: features, outputSize: hidden, activation: .relu, generator: generator))
        model.append(Dense(inputSize: hidden, outputSize: outputSize, generator: generator))
        return model
    }
}
