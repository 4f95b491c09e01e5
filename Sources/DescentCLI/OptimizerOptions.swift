import Descent

/// The checked settings of one `OptimizerSpec`: every number parsed and range-checked with an
/// error that names the flag, and the rule's preconditions turned into messages.
struct OptimizerOptions {
    enum Range {
        case positive, nonNegative, fraction, upToOne

        var text: String {
            switch self {
            case .positive: return "must be a positive number"
            case .nonNegative: return "must be ≥ 0"
            case .fraction: return "must lie in [0, 1)"
            case .upToOne: return "must lie in [0, 1]"
            }
        }

        func contains(_ value: Float) -> Bool {
            switch self {
            case .positive: return value > 0 && value.isFinite
            case .nonNegative: return value >= 0 && value.isFinite
            case .fraction: return value >= 0 && value < 1
            case .upToOne: return value >= 0 && value <= 1
            }
        }
    }

    let spec: OptimizerSpec
    let momentum: Float
    let dampening: Float
    let isNesterov: Bool
    let form: SGD.MomentumForm

    init(_ spec: OptimizerSpec) throws {
        self.spec = spec
        let forms: [String: SGD.MomentumForm] = ["pytorch": .pytorch, "ema": .exponentialAverage, "keras": .keras]
        let formName = spec.settings["momentum-form"] ?? "pytorch"
        guard let form = forms[formName] else {
            throw CommandFailure("--momentum-form '\(formName)' must be pytorch, ema or keras")
        }
        self.form = form
        momentum = try Self.number("momentum", .fraction, in: spec) ?? 0
        dampening = try Self.number("dampening", .upToOne, in: spec) ?? 0
        isNesterov = spec.settings["nesterov"] == "true"
        if dampening != 0 && form != .pytorch { throw CommandFailure("--dampening belongs to --momentum-form pytorch") }
        if isNesterov && (momentum == 0 || dampening != 0 || form == .exponentialAverage) {
            throw CommandFailure("--nesterov needs --momentum > 0, no --dampening, and the pytorch or keras momentum form")
        }
    }

    /// The value of `key` if given, checked against `range`.
    func number(_ key: String, _ range: Range) throws -> Float? { try Self.number(key, range, in: spec) }

    private static func number(_ key: String, _ range: Range, in spec: OptimizerSpec) throws -> Float? {
        guard let text = spec.settings[key] else { return nil }
        guard let value = Float(text), range.contains(value) else {
            throw CommandFailure("--\(key) \(text) \(range.text) (in '\(spec.text)')")
        }
        return value
    }

    func flag(_ key: String) -> Bool { spec.settings[key] == "true" }

    var beta1: Float { get throws { try number("beta1", .fraction) ?? 0.9 } }
    var beta2: Float { get throws { try number("beta2", .fraction) ?? 0.999 } }
    var epsilon: Float? { get throws { try number("eps", .nonNegative) } }

    /// `rule` in an `Optimizer` with the learning rate, clipping, parameter groups and the weight
    /// decay the settings ask for (unless `ruleOwnsDecay`: AdamW and SGDW take λ themselves, and
    /// a group's λ is decoupled for them).
    func optimizer<Rule: UpdateRule>(_ rule: Rule, _ parameters: [(path: String, parameter: Parameter)],
                                     ruleOwnsDecay: Bool = false) throws -> any OptimizerProtocol {
        let decay: (Float) -> WeightDecay = ruleOwnsDecay || flag("decoupled") ? WeightDecay.decoupled : WeightDecay.coupled
        let weightDecay = ruleOwnsDecay ? nil : try number("weight-decay", .nonNegative).map(decay)
        let (clipValue, clipNorm) = (try number("clip-value", .positive), try number("clip-norm", .positive))
        if clipValue != nil && clipNorm != nil { throw CommandFailure("give --clip-value or --clip-norm, not both") }
        let clipping = clipValue.map(GradientClipping.value) ?? clipNorm.map(GradientClipping.globalNorm)
        return Optimizer(rule, parameters: parameters, learningRate: try number("lr", .positive),
                         weightDecay: weightDecay, groups: spec.groups.map { $0.parameterGroup(layerNames: spec.layerNames, decay: decay) },
                         clipping: clipping)
    }
}
