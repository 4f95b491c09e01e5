/// `{type: conv2d, filters: 32, kernel_size: 3, strides: 1, padding: same, dilation: 1,
/// groups: 1, activation: relu, use_bias: true, weight_initializer: glorot-uniform}`; sizes are
/// one integer or `[height, width]`, padding `valid`, `same`, one integer or
/// `[top, bottom, left, right]`. Input channels come from the input (NHWC).
extension Conv2D: ConfigurableLayer {
    public static var typeName: String { "conv2d" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Conv2D {
        guard inputShape.count == 3 else { throw config.error(nil, "conv2d needs images [H, W, C], got sample shape \(inputShape); add a reshape layer first") }
        let filters: Int = try config.required("filters")
        try config.check(filters >= 1, "filters", "an integer ≥ 1")
        let groups = try config.value("groups", default: 1)
        try config.check(groups >= 1 && inputShape[2] % groups == 0 && filters % groups == 0, "groups", "a divisor of both \(inputShape[2]) input channels and \(filters) filters")
        let kernelSize = try config.pair("kernel_size", default: nil)
        try config.checkTensorSize([kernelSize.0, kernelSize.1, inputShape[2] / groups, filters], "filters", "a kernel")
        return Conv2D(
            inputChannels: inputShape[2], outputChannels: filters, kernelSize: kernelSize,
            stride: try config.pair("strides", default: (1, 1)), padding: try config.padding("padding"),
            dilation: try config.pair("dilation", default: (1, 1)), groups: groups,
            activation: try config.activation("activation", default: .linear), useBias: try config.value("use_bias", default: true),
            weightInitializer: try config.initializer("weight_initializer", default: .glorotUniform),
            biasInitializer: try config.initializer("bias_initializer", default: .zeros), generator: generators.weights)
    }

    public static var buildOptionDefaults: [(String, ConfigNode)] { Dense.buildOptionDefaults }

    public var configOptions: [(String, ConfigNode)] {
        [("filters", outputChannels.configNode), ("kernel_size", [kernelSize.height, kernelSize.width].configNode),
         ("strides", [stride.height, stride.width].configNode), ("padding", padding.configNode),
         ("dilation", [dilation.height, dilation.width].configNode), ("groups", groups.configNode),
         ("activation", activation.name.configNode), ("use_bias", (bias != nil).configNode)]
    }
}

/// `{type: max_pool_2d, pool_size: 2, strides: null, padding: valid}` (strides default to the pool size)
extension MaxPool2D: ConfigurableLayer {
    public static var typeName: String { "max_pool_2d" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> MaxPool2D {
        let size = try config.pair("pool_size", default: (2, 2))
        return MaxPool2D(size: size, stride: try config.pair("strides", default: size), padding: try config.padding("padding"))
    }

    public var configOptions: [(String, ConfigNode)] {
        [("pool_size", [size.height, size.width].configNode), ("strides", [stride.height, stride.width].configNode), ("padding", padding.configNode)]
    }
}

/// `{type: avg_pool_2d, pool_size: 2, strides: null, padding: valid, count_includes_padding: true}`
extension AvgPool2D: ConfigurableLayer {
    public static var typeName: String { "avg_pool_2d" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> AvgPool2D {
        let size = try config.pair("pool_size", default: (2, 2))
        return AvgPool2D(size: size, stride: try config.pair("strides", default: size), padding: try config.padding("padding"),
                         countIncludesPadding: try config.value("count_includes_padding", default: true))
    }

    public var configOptions: [(String, ConfigNode)] {
        [("pool_size", [size.height, size.width].configNode), ("strides", [stride.height, stride.width].configNode),
         ("padding", padding.configNode), ("count_includes_padding", countIncludesPadding.configNode)]
    }
}

/// `{type: adaptive_avg_pool_2d, output_size: [7, 7]}` (one integer for a square output)
extension AdaptiveAvgPool2D: ConfigurableLayer {
    public static var typeName: String { "adaptive_avg_pool_2d" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> AdaptiveAvgPool2D {
        AdaptiveAvgPool2D(outputSize: try config.pair("output_size", default: nil))
    }

    public var configOptions: [(String, ConfigNode)] { [("output_size", [outputSize.height, outputSize.width].configNode)] }
}

/// `{type: global_average_pooling_2d}`
extension GlobalAveragePooling2D: ConfigurableLayer {
    public static var typeName: String { "global_average_pooling_2d" }
    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> GlobalAveragePooling2D { GlobalAveragePooling2D() }
    public var configOptions: [(String, ConfigNode)] { [] }
}

/// `{type: flatten}`
extension Flatten: ConfigurableLayer {
    public static var typeName: String { "flatten" }
    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Flatten {
        let name = try config.value("order", default: Order.channelsLast.rawValue)
        guard let order = Order(rawValue: name) else { throw config.error("order", "expected channels_last or channels_first, got \(name)") }
        return Flatten(order: order)
    }

    public var configOptions: [(String, ConfigNode)] { [("order", order.rawValue.configNode)] }
}

/// `{type: reshape, target_shape: [28, 28, 1]}` (one entry may be −1)
extension Reshape: ConfigurableLayer {
    public static var typeName: String { "reshape" }

    public static func make(config: ConfigObject, inputShape: [Int], generators: LayerGenerators) throws -> Reshape {
        let target: [Int] = try config.required("target_shape")
        try config.check(target.allSatisfy { $0 >= 1 || $0 == -1 } && target.filter { $0 == -1 }.count <= 1, "target_shape", "positive sizes with at most one −1")
        try config.checkTensorSize(target.filter { $0 != -1 }, "target_shape", "a sample")
        return Reshape(target)
    }

    public var configOptions: [(String, ConfigNode)] { [("target_shape", targetShape.configNode)] }
}

extension Padding {
    /// `valid`, `same`, or `[top, bottom, left, right]`.
    var configNode: ConfigNode {
        switch self {
        case .valid: return "valid".configNode
        case .same: return "same".configNode
        case let .explicit(top, bottom, left, right): return [top, bottom, left, right].configNode
        }
    }
}

extension ConfigObject {
    /// One integer for both axes or `[height, width]`; nil default makes the key required.
    func pair(_ key: String, default defaultValue: (Int, Int)?) throws -> (Int, Int) {
        guard let found = node(key) else {
            guard let defaultValue else { throw error(nil, "missing key '\(key)' (an integer or [height, width])") }
            return defaultValue
        }
        if let single = Int(configNode: found), single >= 1 { return (single, single) }
        if let both = [Int](configNode: found), both.count == 2, both.allSatisfy({ $0 >= 1 }) { return (both[0], both[1]) }
        throw error(key, "expected a positive integer or [height, width], got \(found.kindName)")
    }

    /// `valid` (default), `same`, one integer, or `[top, bottom, left, right]`.
    func padding(_ key: String) throws -> Padding {
        guard let found = node(key) else { return .valid }
        switch (String(configNode: found), Int(configNode: found), [Int](configNode: found)) {
        case ("valid"?, _, _): return .valid
        case ("same"?, _, _): return .same
        case (_, let amount?, _) where amount >= 0: return .uniform(amount)
        case (_, _, let sides?) where sides.count == 4 && sides.allSatisfy({ $0 >= 0 }):
            return .explicit(top: sides[0], bottom: sides[1], left: sides[2], right: sides[3])
        default: throw error(key, "expected valid, same, an integer or [top, bottom, left, right], got \(found.kindName)")
        }
    }
}
