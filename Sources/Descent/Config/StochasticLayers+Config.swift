/// `{type: dropout, rate: 0.5, scaling: inverted}` (or `classic`)
extension Dropout: ConfigurableLayer {
    public static var typeName: String { "dropout" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Dropout {
        let scaling = try config.value("scaling", default: Scaling.inverted.rawValue)
        guard let parsed = Scaling(rawValue: scaling) else { throw config.error("scaling", "expected inverted or classic, got '\(scaling)'") }
        return Dropout(rate: try config.rate("rate"), scaling: parsed, generator: generators.noise)
    }

    public var configOptions: [(String, ConfigNode)] { [("rate", rate.configNode), ("scaling", scaling.rawValue.configNode)] }
}

/// `{type: alpha_dropout, rate: 0.1}`
extension AlphaDropout: ConfigurableLayer {
    public static var typeName: String { "alpha_dropout" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> AlphaDropout {
        AlphaDropout(rate: try config.rate("rate"), generator: generators.noise)
    }

    public var configOptions: [(String, ConfigNode)] { [("rate", rate.configNode)] }
}

/// `{type: spatial_dropout_2d, rate: 0.2}`
extension SpatialDropout2D: ConfigurableLayer {
    public static var typeName: String { "spatial_dropout_2d" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> SpatialDropout2D {
        SpatialDropout2D(rate: try config.rate("rate"), generator: generators.noise)
    }

    public var configOptions: [(String, ConfigNode)] { [("rate", rate.configNode)] }
}

/// `{type: gaussian_noise, stddev: 0.1}`
extension GaussianNoise: ConfigurableLayer {
    public static var typeName: String { "gaussian_noise" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> GaussianNoise {
        let sigma: Float = try config.required("stddev")
        try config.check(sigma >= 0 && sigma.isFinite, "stddev", "a finite number ≥ 0")
        return GaussianNoise(standardDeviation: sigma, generator: generators.noise)
    }

    public var configOptions: [(String, ConfigNode)] { [("stddev", standardDeviation.configNode)] }
}

/// `{type: rrelu, lower: 0.125, upper: 0.333}`
extension RReLU: ConfigurableLayer {
    public static var typeName: String { "rrelu" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> RReLU {
        let lower = try config.value("lower", default: Float(1.0 / 8)), upper = try config.value("upper", default: Float(1.0 / 3))
        try config.check(lower >= 0 && lower <= upper, "lower", "0 ≤ lower ≤ upper")
        return RReLU(lower: lower, upper: upper, generator: generators.noise)
    }

    public var configOptions: [(String, ConfigNode)] { [("lower", lower.configNode), ("upper", upper.configNode)] }
}
