@testable import Descent

/// One small instance of a registered layer type for the layer contracts: a factory, the shape
/// of one input sample and how the layer may differ between training and inference.
struct LayerCase: CustomStringConvertible, Sendable {
    /// How training mode may change the output.
    enum Behaviour: Sendable {
        /// The same output in training and in inference.
        case deterministic
        /// Batch statistics in training, running statistics in inference (BatchNorm).
        case batchStatistics
        /// Noise from its generator in training; in inference the given function of the input.
        case noise(inference: @Sendable (Tensor) -> Tensor)
    }

    var description: String
    /// One sample (batch axis excluded).
    var inputShape: [Int]
    var batch = 4
    var behaviour = Behaviour.deterministic
    /// h of the gradient check (smaller for max pooling, whose ties are kinks).
    var step: Float = 1e-2
    /// Builds the layer, drawing weights and noise from `generator`.
    var make: @Sendable (_ generator: RandomGenerator) -> any ConfigurableLayer

    /// The config name of the type the factory builds.
    var typeName: String { type(of: make(RandomGenerator(seed: 0))).typeName }

    /// A batch of inputs, each at least 0.3 away from 0 (the kink of ReLU-like functions).
    func input(seed: UInt64) -> Tensor {
        Tensor.randomNormal([batch] + inputShape, generator: RandomGenerator(seed: seed)).mapScalars { $0 < 0 ? $0 - 0.3 : $0 + 0.3 }
    }

    static let all: [LayerCase] = [
        LayerCase(description: "dense", inputShape: [3]) { generator in
            let layer = Dense(inputSize: 3, outputSize: 4, activation: .tanh, biasInitializer: .normal(mean: 0, standardDeviation: 0.5), generator: generator)
            layer.weightRegularizer = Regularizer(l1: 0, l2: 1e-3)
            return layer
        },
        LayerCase(description: "dense without bias", inputShape: [3]) { Dense(inputSize: 3, outputSize: 2, activation: .sigmoid, useBias: false, generator: $0) },
        LayerCase(description: "activation", inputShape: [5]) { _ in ActivationLayer(.elu(alpha: 0.5)) },
        LayerCase(description: "batch_norm", inputShape: [3], behaviour: .batchStatistics) { _ in BatchNorm(featureCount: 3, momentum: 0.2) },
        LayerCase(description: "batch_norm keras", inputShape: [2, 2, 3], behaviour: .batchStatistics) { _ in BatchNorm.keras(featureCount: 3) },
        LayerCase(description: "layer_norm", inputShape: [4]) { _ in LayerNorm(featureCount: 4, epsilon: 1e-3) },
        LayerCase(description: "dropout", inputShape: [6], behaviour: .noise(inference: { $0 })) { Dropout(rate: 0.5, generator: $0) },
        LayerCase(description: "dropout classic", inputShape: [6], behaviour: .noise(inference: { $0 * 0.75 })) {
            Dropout(rate: 0.25, scaling: .classic, generator: $0)
        },
        LayerCase(description: "alpha_dropout", inputShape: [6], behaviour: .noise(inference: { $0 })) { AlphaDropout(rate: 0.3, generator: $0) },
        LayerCase(description: "spatial_dropout_2d", inputShape: [2, 2, 3], behaviour: .noise(inference: { $0 })) { SpatialDropout2D(rate: 0.5, generator: $0) },
        LayerCase(description: "gaussian_noise", inputShape: [5], behaviour: .noise(inference: { $0 })) { GaussianNoise(standardDeviation: 0.1, generator: $0) },
        LayerCase(description: "prelu", inputShape: [3]) { _ in PReLU(channelCount: 3, initialValue: 0.2) },
        LayerCase(description: "rrelu", inputShape: [5], behaviour: .noise(inference: { $0.leakyReLU(alpha: 0.2) })) { RReLU(lower: 0.1, upper: 0.3, generator: $0) },
        LayerCase(description: "conv2d", inputShape: [5, 4, 2]) {
            Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: (3, 2), stride: (2, 1), padding: .same, activation: .tanh, generator: $0)
        },
        LayerCase(description: "conv2d grouped dilated", inputShape: [6, 6, 2]) {
            Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: 3, padding: .explicit(top: 1, bottom: 0, left: 2, right: 1),
                   dilation: 2, groups: 2, useBias: false, generator: $0)
        },
        LayerCase(description: "conv2d depthwise", inputShape: [5, 6, 3]) {
            Conv2D(inputChannels: 3, outputChannels: 3, kernelSize: 3, stride: 2, padding: .uniform(1), groups: 3, activation: .tanh, generator: $0)
        },
        LayerCase(description: "max_pool_2d", inputShape: [4, 4, 2], step: 1e-3) { _ in MaxPool2D(size: (2, 2), stride: (1, 2), padding: .same) },
        LayerCase(description: "avg_pool_2d", inputShape: [5, 5, 2]) { _ in AvgPool2D(size: 3, stride: 2, padding: .uniform(1), countIncludesPadding: false) },
        LayerCase(description: "adaptive_avg_pool_2d", inputShape: [5, 7, 2]) { _ in AdaptiveAvgPool2D(outputSize: (3, 4)) },
        LayerCase(description: "global_average_pooling_2d", inputShape: [3, 3, 2]) { _ in GlobalAveragePooling2D() },
        LayerCase(description: "flatten", inputShape: [2, 3, 2]) { _ in Flatten() },
        LayerCase(description: "flatten channels first", inputShape: [2, 3, 2]) { _ in Flatten(order: .channelsFirst) },
        LayerCase(description: "reshape", inputShape: [2, 3, 2]) { _ in Reshape([3, -1]) },
        // Merges called with one input (the identity); GraphModelTests check them on several.
        LayerCase(description: "add", inputShape: [3]) { _ in Add() },
        LayerCase(description: "multiply", inputShape: [3]) { _ in Multiply() },
        LayerCase(description: "concatenate", inputShape: [2, 3]) { _ in Concatenate(axis: 0) },
    ]
}
