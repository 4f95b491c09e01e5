/// `{type: add, inputs: [a, b]}`: the sum of nodes of one shape.
extension Add: ConfigurableLayer {
    public static var typeName: String { "add" }
    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Add { Add() }
    public var configOptions: [(String, ConfigNode)] { [] }
}

/// `{type: multiply, inputs: [a, b]}`: the elementwise product of nodes of one shape.
extension Multiply: ConfigurableLayer {
    public static var typeName: String { "multiply" }
    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Multiply { Multiply() }
    public var configOptions: [(String, ConfigNode)] { [] }
}

/// `{type: concatenate, inputs: [a, b], axis: -1}`: nodes joined along a sample axis
/// (default -1, the channels of NHWC images).
extension Concatenate: ConfigurableLayer {
    public static var typeName: String { "concatenate" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Concatenate {
        let axis = try config.value("axis", default: -1)
        try config.check(axis >= -inputShape.count && axis < inputShape.count, "axis", "a sample axis in -\(inputShape.count)..<\(inputShape.count) (-1 is channels)")
        return Concatenate(axis: axis)
    }

    public var configOptions: [(String, ConfigNode)] { [("axis", axis.configNode)] }
}
