/// `{type: activation, activation: relu}`
extension ActivationLayer: ConfigurableLayer {
    public static var typeName: String { "activation" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> ActivationLayer {
        guard config.contains("activation") else { throw config.error(nil, "missing key 'activation' (a name such as relu)") }
        return ActivationLayer(try config.activation("activation", default: .linear))
    }

    public var configOptions: [(String, ConfigNode)] { [("activation", activation.name.configNode)] }
}

/// `{type: prelu, per_channel: false, initial_value: 0.25}`; per channel learns one α per
/// entry of the input's last axis.
extension PReLU: ConfigurableLayer {
    public static var typeName: String { "prelu" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> PReLU {
        let perChannel = try config.value("per_channel", default: false)
        return PReLU(channelCount: perChannel ? inputShape.last : nil, initialValue: try config.value("initial_value", default: Float(0.25)))
    }

    public var configOptions: [(String, ConfigNode)] { [("per_channel", (alpha.value.count > 1).configNode)] }
}
