/// `{type: dense, units: 64, activation: relu, use_bias: true, weight_initializer: he-uniform,
/// bias_initializer: zeros, weight_regularizer: {l2: 1e-4}, bias_regularizer: null}`
extension Dense: ConfigurableLayer {
    public static var typeName: String { "dense" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Dense {
        let units: Int = try config.required("units")
        try config.check(units >= 1, "units", "an integer ≥ 1")
        guard let inputSize = inputShape.last, inputSize >= 1 else {
            throw config.error(nil, "dense needs inputs with a last axis, got sample shape \(inputShape); add a flatten layer first")
        }
        try config.checkTensorSize([inputSize, units], "units", "a weight matrix")
        let layer = Dense(
            inputSize: inputSize, outputSize: units, activation: try config.activation("activation", default: .linear),
            useBias: try config.value("use_bias", default: true),
            weightInitializer: try config.initializer("weight_initializer", default: .glorotUniform),
            biasInitializer: try config.initializer("bias_initializer", default: .zeros), generator: generators.weights)
        layer.weightRegularizer = try config.regularizer("weight_regularizer")
        layer.biasRegularizer = try config.regularizer("bias_regularizer")
        return layer
    }

    public static var buildOptionDefaults: [(String, ConfigNode)] {
        [("weight_initializer", "glorot-uniform".configNode), ("bias_initializer", "zeros".configNode)]
    }

    public var configOptions: [(String, ConfigNode)] {
        [("units", outputSize.configNode), ("activation", activation.name.configNode), ("use_bias", (bias != nil).configNode),
         ("weight_regularizer", weightRegularizer.configNode), ("bias_regularizer", biasRegularizer.configNode)]
    }
}

extension Optional where Wrapped == Regularizer {
    /// `{l1: …, l2: …}`, or null.
    var configNode: ConfigNode {
        guard let regularizer = self else { return ConfigNode(.null) }
        return .object([("l1", regularizer.l1.configNode), ("l2", regularizer.l2.configNode)])
    }
}

extension ConfigObject {
    /// An activation by name (`relu`, `leaky_relu(0.2)`, …).
    func activation(_ key: String, default defaultValue: Activation) throws -> Activation {
        guard let name: String = try optional(key) else { return defaultValue }
        guard let activation = Activation(name: name) else {
            throw error(key, "unknown activation '\(name)'; choose \(Activation.allCases.map(\.name).joined(separator: ", "))")
        }
        return activation
    }

    /// An initializer by name (`glorot-uniform`, `he_normal`, `normal:0.05`, …).
    func initializer(_ key: String, default defaultValue: Initializer) throws -> Initializer {
        guard let name: String = try optional(key) else { return defaultValue }
        guard let initializer = Initializer(name: name) else {
            throw error(key, "unknown initializer '\(name)'; choose \(Initializer.names.joined(separator: ", "))")
        }
        return initializer
    }

    /// `{l1: …, l2: …}` (either may be left out), or nil.
    func regularizer(_ key: String) throws -> Regularizer? {
        guard let penalty = try object(key) else { return nil }
        let l1 = try penalty.value("l1", default: Float(0)), l2 = try penalty.value("l2", default: Float(0))
        try penalty.check(l1 >= 0 && l1.isFinite, "l1", "a finite number ≥ 0")
        try penalty.check(l2 >= 0 && l2.isFinite, "l2", "a finite number ≥ 0")
        try penalty.rejectUnknownKeys()
        return l1 == 0 && l2 == 0 ? nil : Regularizer(l1: l1, l2: l2)
    }

    /// A probability in [0, 1) under `key`.
    func rate(_ key: String, default defaultValue: Float? = nil) throws -> Float {
        let rate: Float = try defaultValue.map { try value(key, default: $0) } ?? required(key)
        try check(rate >= 0 && rate < 1, key, "a rate in [0, 1)")
        return rate
    }
}
