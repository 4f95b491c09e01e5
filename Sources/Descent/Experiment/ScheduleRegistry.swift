/// A learning-rate schedule that can be built from the `schedule:` section of an experiment,
/// `{type: cosine, t_max: 5000, min_lr: 0.0001}`: one place names the schedule's config key
/// and reads its settings, as `ConfigurableLayer` does for layers. The keys are those of
/// `descent schedule`'s flags in snake case (`--t-max` → `t_max`).
///
/// Add a schedule of your own by adopting the protocol and appending its type to
/// `ScheduleRegistry.types`.
public protocol ConfigurableSchedule: Schedule {
    /// The `type` name in configs, e.g. `"cosine"`.
    static var typeName: String { get }
    /// The keys `make` reads (besides `type`, `unit` and the warm-up keys), for messages.
    static var configKeys: [String] { get }
    /// Builds the schedule from its settings. `learningRate` is the optimizer's η (the start,
    /// the base of a cycle, or the peak of one-cycle); `horizon` is the length of the run in the
    /// schedule's unit, the default length of the schedules that anneal to an end.
    static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> Self
}

/// Schedules by config name.
public enum ScheduleRegistry {
    /// Every schedule a `schedule:` section may name, in the order of `descent schedule --help`.
    public nonisolated(unsafe) static var types: [any ConfigurableSchedule.Type] = [
        ConstantSchedule.self, PiecewiseConstantDecay.self, StepDecay.self, MultiStepDecay.self, ExponentialDecay.self,
        InverseTimeDecay.self, PolynomialDecay.self, CosineDecay.self, CosineDecayRestarts.self, CyclicalLearningRate.self, OneCycle.self,
    ]

    /// The registered names, in registration order.
    public static var names: [String] { types.map { $0.typeName } }

    /// The type registered under `name`, nil when none is.
    public static func type(named name: String) -> (any ConfigurableSchedule.Type)? {
        types.first { $0.typeName == name }
    }
}

extension ConfigObject {
    /// The value of `key`, which the schedule cannot do without.
    fileprivate func needed<T: ConfigScalar>(_ key: String, example: String) throws -> T {
        guard let value: T = try optional(key) else { throw error(key, "is needed by the \(try value("type", default: "")) schedule, e.g. \(example)") }
        return value
    }

    /// The list of numbers under `key`, written as a list or as comma-separated text (`"30,60"`).
    fileprivate func neededList<T: ConfigScalar & LosslessStringConvertible>(_ key: String, example: String) throws -> [T] {
        if case .string(let text)? = node(key)?.value {
            let values = text.split(separator: ",").map { T(String($0).trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, !values.contains(where: { $0 == nil }) else { throw error(key, "expected \([T].configTypeName), got the string \"\(text)\"") }
            return values.compactMap { $0 }
        }
        return try needed(key, example: example)
    }
}

extension ConstantSchedule: ConfigurableSchedule {
    public static var typeName: String { "constant" }
    public static var configKeys: [String] { [] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> ConstantSchedule {
        try ConstantSchedule(learningRate: learningRate)
    }
}

extension PiecewiseConstantDecay: ConfigurableSchedule {
    public static var typeName: String { "piecewise" }
    public static var configKeys: [String] { ["boundaries", "values"] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> PiecewiseConstantDecay {
        try PiecewiseConstantDecay(boundaries: config.neededList("boundaries", example: "[30, 60]"), values: config.neededList("values", example: "[0.1, 0.01, 0.001]"))
    }
}

extension StepDecay: ConfigurableSchedule {
    public static var typeName: String { "step" }
    public static var configKeys: [String] { ["step_size", "gamma"] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> StepDecay {
        try StepDecay(initialLearningRate: learningRate, stepSize: config.needed("step_size", example: "30"), gamma: config.value("gamma", default: 0.1))
    }
}

extension MultiStepDecay: ConfigurableSchedule {
    public static var typeName: String { "multistep" }
    public static var configKeys: [String] { ["milestones", "gamma"] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> MultiStepDecay {
        try MultiStepDecay(initialLearningRate: learningRate, milestones: config.neededList("milestones", example: "[15, 40]"), gamma: config.value("gamma", default: 0.1))
    }
}

extension ExponentialDecay: ConfigurableSchedule {
    public static var typeName: String { "exponential" }
    public static var configKeys: [String] { ["k", "decay_rate", "decay_steps", "staircase"] }
    /// Either `k` (η₀·e^(−kt)) or `decay_rate` and `decay_steps` (Keras' η₀·r^(t/T)).
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> ExponentialDecay {
        if let k: Float = try config.optional("k") {
            guard !config.contains("decay_rate"), !config.contains("decay_steps"), !config.contains("staircase") else {
                throw config.error("k", "exponential takes either k (η₀·e^(−kt)) or decay_rate and decay_steps (η₀·r^(t/T)), not both")
            }
            return try ExponentialDecay(initialLearningRate: learningRate, k: k)
        }
        return try ExponentialDecay(initialLearningRate: learningRate, decayRate: config.needed("decay_rate", example: "0.96 (or k: 0.01)"),
                                    decaySteps: config.needed("decay_steps", example: "100"), isStaircase: config.value("staircase", default: false))
    }
}

extension InverseTimeDecay: ConfigurableSchedule {
    public static var typeName: String { "inverse-time" }
    public static var configKeys: [String] { ["k", "decay_steps", "staircase"] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> InverseTimeDecay {
        try InverseTimeDecay(initialLearningRate: learningRate, k: config.needed("k", example: "0.01"), decaySteps: config.value("decay_steps", default: 1),
                             isStaircase: config.value("staircase", default: false))
    }
}

extension PolynomialDecay: ConfigurableSchedule {
    public static var typeName: String { "polynomial" }
    public static var configKeys: [String] { ["total_steps", "power", "end_lr"] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> PolynomialDecay {
        try PolynomialDecay(initialLearningRate: learningRate, totalSteps: config.value("total_steps", default: horizon),
                            power: config.value("power", default: 1), endLearningRate: config.value("end_lr", default: 0))
    }
}

extension CosineDecay: ConfigurableSchedule {
    public static var typeName: String { "cosine" }
    public static var configKeys: [String] { ["t_max", "min_lr"] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> CosineDecay {
        try CosineDecay(initialLearningRate: learningRate, decaySteps: config.value("t_max", default: horizon), minimumLearningRate: config.value("min_lr", default: 0))
    }
}

extension CosineDecayRestarts: ConfigurableSchedule {
    public static var typeName: String { "cosine-restarts" }
    public static var configKeys: [String] { ["t0", "t_mult", "min_lr", "restart_decay"] }
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> CosineDecayRestarts {
        try CosineDecayRestarts(initialLearningRate: learningRate, firstPeriod: config.needed("t0", example: "10"), periodMultiplier: config.value("t_mult", default: 1),
                                minimumLearningRate: config.value("min_lr", default: 0), peakDecay: config.value("restart_decay", default: 1))
    }
}

extension CyclicalLearningRate: ConfigurableSchedule {
    public static var typeName: String { "cyclic" }
    public static var configKeys: [String] { ["mode", "base_lr", "max_lr", "step_size_up", "step_size_down", "gamma"] }
    /// `base_lr` defaults to the optimizer's η; `gamma` belongs to `mode: exp-range`.
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> CyclicalLearningRate {
        let modeName = try config.choice("mode", default: "triangular", from: ["triangular", "triangular2", "exp-range"])
        let mode: Mode
        switch modeName {
        case "triangular": mode = .triangular
        case "triangular2": mode = .triangular2
        default: mode = .exponentialRange(gamma: try config.needed("gamma", example: "0.999 with mode exp-range"))
        }
        if modeName != "exp-range" && config.contains("gamma") { throw config.error("gamma", "applies to cyclic only with mode exp-range") }
        return try CyclicalLearningRate(baseLearningRate: config.value("base_lr", default: learningRate), maximumLearningRate: config.needed("max_lr", example: "0.1"),
                                        stepSizeUp: config.needed("step_size_up", example: "2000"), stepSizeDown: config.optional("step_size_down"), mode: mode)
    }
}

extension OneCycle: ConfigurableSchedule {
    public static var typeName: String { "one-cycle" }
    public static var configKeys: [String] { ["max_lr", "total_steps", "anneal", "pct_start"] }
    /// `max_lr` defaults to the optimizer's η, `total_steps` to the whole run.
    public static func make(config: ConfigObject, learningRate: Float, horizon: Int) throws -> OneCycle {
        let annealing = Annealing(rawValue: try config.choice("anneal", default: "cos", from: Annealing.allCases.map(\.rawValue)))!
        return try OneCycle(maximumLearningRate: config.value("max_lr", default: learningRate), totalSteps: config.value("total_steps", default: horizon),
                            warmupFraction: config.value("pct_start", default: 0.3), annealing: annealing)
    }
}
