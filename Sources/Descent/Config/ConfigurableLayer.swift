/// A layer that can be written to and rebuilt from a config entry such as
/// `{type: dense, units: 64, activation: relu}`: the schema of experiment configs (`model:`)
/// and of saved architectures (`architecture.json`).
///
/// Sizes that follow from the input (Dense's input size, BatchNorm's feature count) are not
/// written: `make` receives the shape of one input sample, Keras-style. Initializers are
/// options when building and are not written back (the weights file replaces them).
///
/// Add a layer of your own by adopting the protocol and appending its type to
/// `LayerRegistry.types`.
public protocol ConfigurableLayer: Layer {
    /// The `type` name in configs, e.g. `"dense"`.
    static var typeName: String { get }
    /// Builds the layer from its options for inputs of one sample of `inputShape`.
    static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Self
    /// The options that rebuild this layer, in a readable order (without `type`).
    var configOptions: [(String, ConfigNode)] { get }
    /// Options used only while building (initializers), with their defaults, for resolved
    /// configs; empty by default.
    static var buildOptionDefaults: [(String, ConfigNode)] { get }
}

extension ConfigurableLayer {
    public static var buildOptionDefaults: [(String, ConfigNode)] { [] }
}

/// The random streams layers draw from when built from a config: initial weights, and the
/// noise of dropout-like layers (one stream shared by all of them).
public struct LayerGenerators {
    public var weights: RandomGenerator
    public var noise: RandomGenerator

    public init(weights: RandomGenerator, noise: RandomGenerator) {
        self.weights = weights
        self.noise = noise
    }

    /// The streams of a model built from `seed` (the convention of `descent train`).
    public init(seed: UInt64) {
        self.init(weights: RandomGenerator(seed: seed), noise: RandomGenerator(seed: seed &+ 100))
    }
}

/// Layer types by config name.
public enum LayerRegistry {
    /// Every layer type that configs and saved models may name.
    public nonisolated(unsafe) static var types: [any ConfigurableLayer.Type] = [
        Dense.self, ActivationLayer.self, BatchNorm.self, LayerNorm.self, Dropout.self, AlphaDropout.self,
        SpatialDropout2D.self, GaussianNoise.self, PReLU.self, RReLU.self, Conv2D.self, MaxPool2D.self, AvgPool2D.self,
        AdaptiveAvgPool2D.self, GlobalAveragePooling2D.self, Flatten.self, Reshape.self, Add.self, Multiply.self, Concatenate.self,
    ]

    /// The type registered under `name`, nil when none is.
    public static func type(named name: String) -> (any ConfigurableLayer.Type)? {
        types.first { $0.typeName == name }
    }

    /// The registered names, sorted, for messages.
    public static var names: [String] { types.map { $0.typeName }.sorted() }
}
