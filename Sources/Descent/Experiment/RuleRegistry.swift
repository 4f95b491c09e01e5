/// An update rule that can be written to and rebuilt from the `optimizer:` section of an
/// experiment, `{type: adam, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false}`: one
/// place names the rule's config key and reads and writes its settings, as `ConfigurableLayer`
/// does for layers. The keys every rule shares (`learning_rate`, `weight_decay`, clipping,
/// groups) are read by `OptimizerConfig`.
///
/// Add a rule of your own by adopting the protocol and appending its type to
/// `RuleRegistry.types`.
public protocol ConfigurableRule: UpdateRule {
    /// The `type` name in configs, e.g. `"adam"`.
    static var typeName: String { get }
    /// The keys `make` reads, for messages.
    static var configKeys: [String] { get }
    /// Builds the rule from its settings, every value range-checked.
    static func make(config: ConfigObject) throws -> Self
    /// Every setting, defaults included, in a readable order (without `type`).
    var configOptions: [(String, ConfigNode)] { get }
}

extension ConfigurableRule {
    /// True for the rules that own a decoupled `weight_decay` (AdamW, SGDW).
    static var ownsWeightDecay: Bool { configKeys.contains("weight_decay") }

    /// An `Optimizer` of this rule (opens the existential for `OptimizerConfig`).
    func makeOptimizer(parameters: [(path: String, parameter: Parameter)], learningRate: Float, weightDecay: WeightDecay?,
                       groups: [ParameterGroup], clipping: GradientClipping?) -> any OptimizerProtocol {
        Optimizer(self, parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, groups: groups, clipping: clipping)
    }
}

/// Update rules by config name.
public enum RuleRegistry {
    /// Every rule an `optimizer:` section may name, in the order of `descent optimize --help`.
    public nonisolated(unsafe) static var types: [any ConfigurableRule.Type] = [
        SGD.self, AdaGrad.self, Adadelta.self, RMSProp.self, Adam.self, AdaMax.self, Nadam.self, AdamW.self, SGDW.self, RAdam.self, Lion.self,
    ]

    /// The registered names, in registration order.
    public static var names: [String] { types.map { $0.typeName } }

    /// The type registered under `name`, nil when none is.
    public static func type(named name: String) -> (any ConfigurableRule.Type)? {
        types.first { $0.typeName == name }
    }
}

extension ConfigObject {
    /// β₁, β₂ and ε of the Adam family, with PyTorch's defaults 0.9, 0.999 and 1e-8.
    fileprivate func moments() throws -> (beta1: Float, beta2: Float, epsilon: Float) {
        (try number("beta1", default: 0.9, .fraction), try number("beta2", default: 0.999, .fraction), try number("epsilon", default: 1e-8, .nonNegative))
    }
}

/// The config entries of β₁, β₂ and ε, in the order `moments()` reads them.
private func momentOptions(_ beta1: Float, _ beta2: Float, _ epsilon: Float) -> [(String, ConfigNode)] {
    [("beta1", beta1.configNode), ("beta2", beta2.configNode), ("epsilon", epsilon.configNode)]
}

extension SGD: ConfigurableRule {
    public static var typeName: String { "sgd" }
    public static var configKeys: [String] { ["momentum", "dampening", "nesterov", "momentum_form"] }

    /// `momentum_form`: pytorch (default), ema (`b ← μb + (1−μ)g`) or keras (lr inside the velocity).
    public static func make(config: ConfigObject) throws -> SGD {
        let forms: [String: MomentumForm] = ["pytorch": .pytorch, "ema": .exponentialAverage, "keras": .keras]
        let form = forms[try config.choice("momentum_form", default: "pytorch", from: ["pytorch", "ema", "keras"])]!
        let momentum = try config.number("momentum", default: 0, .fraction), dampening = try config.number("dampening", default: 0, .upToOne)
        let isNesterov = try config.value("nesterov", default: false)
        if dampening != 0 && form != .pytorch { throw config.error("dampening", "belongs to momentum_form pytorch") }
        if isNesterov && (momentum == 0 || dampening != 0 || form == .exponentialAverage) {
            throw config.error("nesterov", "needs momentum > 0, no dampening, and the pytorch or keras momentum form")
        }
        return SGD(momentum: momentum, dampening: dampening, isNesterov: isNesterov, form: form)
    }

    public var configOptions: [(String, ConfigNode)] {
        let formName = ["pytorch", "ema", "keras"][MomentumForm.allCases.firstIndex(of: form)!]
        return [("momentum", momentum.configNode), ("dampening", dampening.configNode), ("nesterov", isNesterov.configNode),
                ("momentum_form", formName.configNode)]
    }
}

extension SGDW: ConfigurableRule {
    public static var typeName: String { "sgdw" }
    public static var configKeys: [String] { SGD.configKeys + ["weight_decay"] }

    public static func make(config: ConfigObject) throws -> SGDW {
        let sgd = try SGD.make(config: config)
        return SGDW(momentum: sgd.momentum, dampening: sgd.dampening, isNesterov: sgd.isNesterov, form: sgd.form,
                    weightDecay: try config.number("weight_decay", default: 1e-2, .nonNegative))
    }

    public var configOptions: [(String, ConfigNode)] { sgd.configOptions + [("weight_decay", weightDecay.configNode)] }
}

extension AdaGrad: ConfigurableRule {
    public static var typeName: String { "adagrad" }
    public static var configKeys: [String] { ["epsilon", "initial_accumulator_value", "lr_decay"] }

    public static func make(config: ConfigObject) throws -> AdaGrad {
        AdaGrad(initialAccumulatorValue: try config.number("initial_accumulator_value", default: 0, .nonNegative),
                lrDecay: try config.number("lr_decay", default: 0, .nonNegative), epsilon: try config.number("epsilon", default: 1e-10, .nonNegative))
    }

    public var configOptions: [(String, ConfigNode)] {
        [("initial_accumulator_value", initialAccumulatorValue.configNode), ("lr_decay", lrDecay.configNode), ("epsilon", epsilon.configNode)]
    }
}

extension Adadelta: ConfigurableRule {
    public static var typeName: String { "adadelta" }
    public static var configKeys: [String] { ["rho", "epsilon"] }

    public static func make(config: ConfigObject) throws -> Adadelta {
        Adadelta(rho: try config.number("rho", default: 0.9, .fraction), epsilon: try config.number("epsilon", default: 1e-6, .nonNegative))
    }

    public var configOptions: [(String, ConfigNode)] { [("rho", rho.configNode), ("epsilon", epsilon.configNode)] }
}

extension RMSProp: ConfigurableRule {
    public static var typeName: String { "rmsprop" }
    public static var configKeys: [String] { ["alpha", "rho", "epsilon", "momentum", "centered"] }

    /// `rho` is Keras' name for α.
    public static func make(config: ConfigObject) throws -> RMSProp {
        if config.contains("alpha") && config.contains("rho") { throw config.error("rho", "is Keras' name for alpha: give alpha or rho, not both") }
        let alpha = try config.number("alpha", .fraction) ?? config.number("rho", .fraction) ?? 0.99
        return RMSProp(alpha: alpha, epsilon: try config.number("epsilon", default: 1e-8, .nonNegative),
                       momentum: try config.number("momentum", default: 0, .fraction), isCentered: try config.value("centered", default: false))
    }

    public var configOptions: [(String, ConfigNode)] {
        [("alpha", alpha.configNode), ("epsilon", epsilon.configNode), ("momentum", momentum.configNode), ("centered", isCentered.configNode)]
    }
}

extension Adam: ConfigurableRule {
    public static var typeName: String { "adam" }
    public static var configKeys: [String] { ["beta1", "beta2", "epsilon", "amsgrad"] }

    public static func make(config: ConfigObject) throws -> Adam {
        let (beta1, beta2, epsilon) = try config.moments()
        return Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, isAMSGrad: try config.value("amsgrad", default: false))
    }

    public var configOptions: [(String, ConfigNode)] { momentOptions(beta1, beta2, epsilon) + [("amsgrad", isAMSGrad.configNode)] }
}

extension AdamW: ConfigurableRule {
    public static var typeName: String { "adamw" }
    public static var configKeys: [String] { Adam.configKeys + ["weight_decay"] }

    public static func make(config: ConfigObject) throws -> AdamW {
        let adam = try Adam.make(config: config)
        return AdamW(beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon,
                     weightDecay: try config.number("weight_decay", default: 1e-2, .nonNegative), isAMSGrad: adam.isAMSGrad)
    }

    public var configOptions: [(String, ConfigNode)] { adam.configOptions + [("weight_decay", weightDecay.configNode)] }
}

extension AdaMax: ConfigurableRule {
    public static var typeName: String { "adamax" }
    public static var configKeys: [String] { ["beta1", "beta2", "epsilon"] }

    public static func make(config: ConfigObject) throws -> AdaMax {
        let (beta1, beta2, epsilon) = try config.moments()
        return AdaMax(beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    public var configOptions: [(String, ConfigNode)] { momentOptions(beta1, beta2, epsilon) }
}

extension Nadam: ConfigurableRule {
    public static var typeName: String { "nadam" }
    public static var configKeys: [String] { ["beta1", "beta2", "epsilon", "momentum_decay"] }

    public static func make(config: ConfigObject) throws -> Nadam {
        let (beta1, beta2, epsilon) = try config.moments()
        return Nadam(beta1: beta1, beta2: beta2, epsilon: epsilon, momentumDecay: try config.number("momentum_decay", default: 4e-3, .nonNegative))
    }

    public var configOptions: [(String, ConfigNode)] { momentOptions(beta1, beta2, epsilon) + [("momentum_decay", momentumDecay.configNode)] }
}

extension RAdam: ConfigurableRule {
    public static var typeName: String { "radam" }
    public static var configKeys: [String] { ["beta1", "beta2", "epsilon"] }

    public static func make(config: ConfigObject) throws -> RAdam {
        let (beta1, beta2, epsilon) = try config.moments()
        return RAdam(beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    public var configOptions: [(String, ConfigNode)] { momentOptions(beta1, beta2, epsilon) }
}

extension Lion: ConfigurableRule {
    public static var typeName: String { "lion" }
    public static var configKeys: [String] { ["beta1", "beta2"] }

    public static func make(config: ConfigObject) throws -> Lion {
        Lion(beta1: try config.number("beta1", default: 0.9, .fraction), beta2: try config.number("beta2", default: 0.99, .fraction))
    }

    public var configOptions: [(String, ConfigNode)] { [("beta1", beta1.configNode), ("beta2", beta2.configNode)] }
}
