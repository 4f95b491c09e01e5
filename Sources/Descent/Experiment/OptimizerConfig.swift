/// The `optimizer:` section of an experiment: a rule from `RuleRegistry` with its settings, and
/// what `Optimizer` composes around any rule.
///
///     optimizer:
///       type: sgd                 # a RuleRegistry name; the rule's own keys follow
///       learning_rate: 0.1        # default: the rule's (PyTorch's) default
///       momentum: 0.9
///       nesterov: true
///       weight_decay: 0.0005      # coupled L2 (PyTorch's weight_decay) unless decoupled: true;
///                                 # AdamW and SGDW own a decoupled weight_decay instead
///       clip_norm: 1.0            # or clip_value: 0.5 (not both)
///       groups: [...]             # parameter groups (ParameterGroupSpec)
public struct OptimizerConfig {
    /// The rule with its hyperparameters.
    public var rule: any ConfigurableRule
    /// η, the learning rate the schedule starts from.
    public var learningRate: Float
    /// λ of the weight decay around a rule that does not own one; 0 for none.
    public var weightDecay: Float = 0
    /// Decoupled (θ ← θ − ηλθ) instead of coupled (g ← g + λθ) weight decay.
    public var isDecoupled = false
    public var clipping: GradientClipping?
    /// `groups`: per-group learning-rate factors and weight decay.
    public var groups: [ParameterGroupSpec] = []
    /// Where the section is, for errors found once the model exists.
    var file = ""
    var line: Int?

    /// The keys besides the rule's own.
    public static let commonKeys = ["type", "learning_rate", "weight_decay", "decoupled", "clip_value", "clip_norm", "groups"]

    /// A rule with its defaults and `learningRate` (the rule's default when nil).
    public init(rule: any ConfigurableRule, learningRate: Float? = nil) {
        self.rule = rule
        self.learningRate = learningRate ?? type(of: rule).defaultLearningRate
    }

    /// Reads and checks the section.
    public init(_ section: ConfigObject) throws {
        let name = try section.value("type", default: "adam")
        guard let ruleType = RuleRegistry.type(named: name) else {
            throw section.error("type", "unknown optimizer '\(name)'; choose \(RuleRegistry.names.joined(separator: ", "))")
        }
        self.init(rule: try ruleType.make(config: section), learningRate: try section.number("learning_rate", .positive))
        if !ruleType.ownsWeightDecay {
            weightDecay = try section.number("weight_decay", default: 0, .nonNegative)
            isDecoupled = try section.value("decoupled", default: false)
        }
        let (clipValue, clipNorm) = (try section.number("clip_value", .positive), try section.number("clip_norm", .positive))
        if clipValue != nil && clipNorm != nil { throw section.error("clip_norm", "give clip_value or clip_norm, not both") }
        clipping = clipValue.map(GradientClipping.value) ?? clipNorm.map(GradientClipping.globalNorm)
        for (index, node) in try section.array("groups")?.enumerated() ?? [].enumerated() {
            groups.append(try ParameterGroupSpec(ConfigObject(node, file: section.file, path: section.keyPath("groups[\(index)]")), index: index))
        }
        (file, line) = (section.file, section.node.line)
        if let stranger = section.unreadKeys.first {
            let keys = ["learning_rate"] + ruleType.configKeys + Self.commonKeys.dropFirst(2).filter { !ruleType.ownsWeightDecay || !["weight_decay", "decoupled"].contains($0) }
            throw section.error(stranger, "unknown key; \(name) takes \(keys.joined(separator: ", "))")
        }
    }

    /// The section with every setting spelled out; reads back as this configuration.
    public var node: ConfigNode {
        var pairs: [(String, ConfigNode)] = [("type", type(of: rule).typeName.configNode), ("learning_rate", learningRate.configNode)]
        pairs += rule.configOptions
        if !type(of: rule).ownsWeightDecay { pairs += [("weight_decay", weightDecay.configNode), ("decoupled", isDecoupled.configNode)] }
        switch clipping {
        case .value(let c)?: pairs.append(("clip_value", c.configNode))
        case .globalNorm(let c)?, .norm(let c)?: pairs.append(("clip_norm", c.configNode))
        case nil: break
        }
        if !groups.isEmpty { pairs.append(("groups", ConfigNode(.array(groups.map(\.node))))) }
        return .object(pairs)
    }

    /// Whether a `MomentumScheduler` can drive the rule: it is a `MomentumRule` whose momentum
    /// is on (one-cycle then cycles μ or β₁ inversely to the learning rate, as PyTorch does).
    public var cyclesMomentum: Bool { ((rule as? any MomentumRule)?.momentumValue ?? 0) > 0 }

    /// The optimizer over `parameters`, whose layers may carry `layerNames` for the groups'
    /// patterns; throws when a group's pattern matches no parameter.
    public func makeOptimizer(_ parameters: [(path: String, parameter: Parameter)], layerNames: [String?] = []) throws -> any OptimizerProtocol {
        try ParameterGroupSpec.checkEveryPatternMatches(groups, paths: parameters.map(\.path), layerNames: layerNames, file: file)
        let decay: (Float) -> WeightDecay = type(of: rule).ownsWeightDecay || isDecoupled ? WeightDecay.decoupled : WeightDecay.coupled
        let ownDecay = type(of: rule).ownsWeightDecay || weightDecay == 0 ? nil : decay(weightDecay)
        return rule.makeOptimizer(parameters: parameters, learningRate: learningRate, weightDecay: ownDecay,
                                  groups: groups.map { $0.parameterGroup(layerNames: layerNames, decay: decay) }, clipping: clipping)
    }
}
