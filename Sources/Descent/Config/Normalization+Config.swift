/// `{type: batch_norm, momentum: 0.1, epsilon: 1e-5, unbiased_running_variance: true}` in
/// PyTorch's convention; `{type: batch_norm, convention: keras, momentum: 0.99}` reads
/// momentum as Keras' μ (m = 1 − μ) with Keras' defaults (ε 1e-3, biased variance).
/// Saved models always use the PyTorch form.
extension BatchNorm: ConfigurableLayer {
    public static var typeName: String { "batch_norm" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> BatchNorm {
        guard let features = inputShape.last, features >= 1 else { throw config.error(nil, "batch_norm needs inputs with a last axis") }
        let convention = try config.value("convention", default: "pytorch")
        try config.check(["pytorch", "keras"].contains(convention), "convention", "pytorch or keras")
        let isKeras = convention == "keras"
        let momentum = try config.value("momentum", default: Float(isKeras ? 0.99 : 0.1))
        let epsilon = try config.value("epsilon", default: Float(isKeras ? 1e-3 : 1e-5))
        try config.check(momentum >= 0 && momentum <= 1, "momentum", "a number in [0, 1]")
        try config.check(epsilon > 0, "epsilon", "a number > 0")
        return BatchNorm(featureCount: features, momentum: isKeras ? 1 - momentum : momentum, epsilon: epsilon,
                         usesUnbiasedRunningVariance: try config.value("unbiased_running_variance", default: !isKeras))
    }

    public var configOptions: [(String, ConfigNode)] {
        [("convention", "pytorch".configNode), ("momentum", momentum.configNode), ("epsilon", epsilon.configNode),
         ("unbiased_running_variance", usesUnbiasedRunningVariance.configNode)]
    }
}

/// `{type: layer_norm, epsilon: 1e-5}`
extension LayerNorm: ConfigurableLayer {
    public static var typeName: String { "layer_norm" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> LayerNorm {
        guard let features = inputShape.last, features >= 1 else { throw config.error(nil, "layer_norm needs inputs with a last axis") }
        let epsilon = try config.value("epsilon", default: Float(1e-5))
        try config.check(epsilon > 0, "epsilon", "a number > 0")
        return LayerNorm(featureCount: features, epsilon: epsilon)
    }

    public var configOptions: [(String, ConfigNode)] { [("epsilon", epsilon.configNode)] }
}
