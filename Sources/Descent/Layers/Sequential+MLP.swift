extension Sequential {
    /// A multilayer perceptron: `Dense` layers of the given hidden sizes with `activation`,
    /// then a linear output layer (the loss applies softmax or sigmoid to its logits).
    public static func multilayerPerceptron(
        inputSize: Int, hidden: [Int], outputSize: Int, activation: Activation = .relu,
        generator: RandomGenerator = .default
    ) -> Sequential {
        let sizes = [inputSize] + hidden
        var layers: [any Layer] = zip(sizes, sizes.dropFirst()).map {
            Dense(inputSize: $0, outputSize: $1, activation: activation, generator: generator)
        }
        layers.append(Dense(inputSize: sizes.last!, outputSize: outputSize, generator: generator))
        return Sequential(layers)
    }
}
