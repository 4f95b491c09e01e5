import Descent

/// One `--optimizer` spec of `descent optimize`: a rule name with optional `key=value` settings,
/// e.g. `sgd:lr=0.1,momentum=0.9,nesterov`. Keys are the command's flag names without `--`;
/// a spec's own settings override the flags, which apply to every spec that takes them.
struct OptimizerSpec {
    /// The settings each rule takes; every rule also takes `commonKeys`.
    static let keys: [String: [String]] = [
        "sgd": ["momentum", "dampening", "nesterov", "momentum-form"],
        "sgdw": ["momentum", "dampening", "nesterov", "momentum-form"],
        "adagrad": ["eps", "initial-accumulator-value", "lr-decay"],
        "adadelta": ["rho", "eps"],
        "rmsprop": ["alpha", "rho", "eps", "momentum", "centered"],
        "adam": ["beta1", "beta2", "eps", "amsgrad"],
        "adamw": ["beta1", "beta2", "eps", "amsgrad"],
        "adamax": ["beta1", "beta2", "eps"],
        "nadam": ["beta1", "beta2", "eps"],
        "radam": ["beta1", "beta2", "eps"],
        "lion": ["beta1", "beta2"],
    ]
    static let names = ["sgd", "adagrad", "adadelta", "rmsprop", "adam", "adamax", "nadam", "adamw", "sgdw", "radam", "lion"]
    static let commonKeys = ["lr", "weight-decay", "decoupled", "clip-value", "clip-norm"]
    static let switches: Set = ["nesterov", "amsgrad", "centered", "decoupled"]

    /// The spec as written, for labels.
    let text: String
    let name: String
    /// Settings by key; switches hold "true" or "false".
    let settings: [String: String]
    /// Parameter groups of a config's `optimizer.groups`, and the layer names their patterns may use.
    var groups: [ParameterGroupSpec] = []
    var layerNames: [String?] = []

    /// Parses `text`, with `flags` (the command's options that were given) underneath.
    init(_ text: String, flags: [String: String]) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        name = parts.first?.lowercased() ?? ""
        guard let accepted = OptimizerSpec.keys[name] else {
            throw CommandFailure("unknown --optimizer '\(text)'; choose \(OptimizerSpec.names.joined(separator: ", "))")
        }
        let allowed = Set(accepted + OptimizerSpec.commonKeys)
        var settings = flags.filter { allowed.contains($0.key) }
        for pair in parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : [] {
            let keyValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let key = keyValue[0]
            guard allowed.contains(key) else {
                throw CommandFailure("--optimizer '\(text)': \(name) does not take '\(key)'; it takes \((accepted + OptimizerSpec.commonKeys).joined(separator: ", "))")
            }
            settings[key] = keyValue.count > 1 ? keyValue[1] : (OptimizerSpec.switches.contains(key) ? "true" : "")
        }
        self.text = text
        self.settings = settings
    }

    /// True when the rule `name` takes `key`.
    static func takes(_ name: String, _ key: String) -> Bool {
        commonKeys.contains(key) || keys[name]?.contains(key) == true
    }

    /// The optimizer over `parameters`, every setting checked.
    func makeOptimizer(_ parameters: [(path: String, parameter: Parameter)]) throws -> any OptimizerProtocol {
        let options = try OptimizerOptions(self)
        switch name {
        case "sgd": return try options.optimizer(SGD(momentum: options.momentum, dampening: options.dampening, isNesterov: options.isNesterov, form: options.form), parameters)
        case "sgdw":
            let rule = SGDW(momentum: options.momentum, dampening: options.dampening, isNesterov: options.isNesterov, form: options.form,
                            weightDecay: try options.number("weight-decay", .nonNegative) ?? 1e-2)
            return try options.optimizer(rule, parameters, ruleOwnsDecay: true)
        case "adagrad":
            let rule = AdaGrad(initialAccumulatorValue: try options.number("initial-accumulator-value", .nonNegative) ?? 0,
                               lrDecay: try options.number("lr-decay", .nonNegative) ?? 0, epsilon: try options.epsilon ?? 1e-10)
            return try options.optimizer(rule, parameters)
        case "adadelta":
            return try options.optimizer(Adadelta(rho: try options.number("rho", .fraction) ?? 0.9, epsilon: try options.epsilon ?? 1e-6), parameters)
        case "rmsprop":
            let alpha = try options.number("alpha", .fraction) ?? options.number("rho", .fraction) ?? 0.99
            let rule = RMSProp(alpha: alpha, epsilon: try options.epsilon ?? 1e-8, momentum: options.momentum, isCentered: options.flag("centered"))
            return try options.optimizer(rule, parameters)
        case "adam":
            return try options.optimizer(Adam(beta1: try options.beta1, beta2: try options.beta2, epsilon: try options.epsilon ?? 1e-8, isAMSGrad: options.flag("amsgrad")), parameters)
        case "adamw":
            let rule = AdamW(beta1: try options.beta1, beta2: try options.beta2, epsilon: try options.epsilon ?? 1e-8,
                             weightDecay: try options.number("weight-decay", .nonNegative) ?? 1e-2, isAMSGrad: options.flag("amsgrad"))
            return try options.optimizer(rule, parameters, ruleOwnsDecay: true)
        case "adamax": return try options.optimizer(AdaMax(beta1: try options.beta1, beta2: try options.beta2, epsilon: try options.epsilon ?? 1e-8), parameters)
        case "nadam": return try options.optimizer(Nadam(beta1: try options.beta1, beta2: try options.beta2, epsilon: try options.epsilon ?? 1e-8), parameters)
        case "radam": return try options.optimizer(RAdam(beta1: try options.beta1, beta2: try options.beta2, epsilon: try options.epsilon ?? 1e-8), parameters)
        default: return try options.optimizer(Lion(beta1: try options.number("beta1", .fraction) ?? 0.9, beta2: try options.number("beta2", .fraction) ?? 0.99), parameters)
        }
    }
}
