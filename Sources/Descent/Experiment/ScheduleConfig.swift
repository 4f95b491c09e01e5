/// The `schedule:` section of an experiment: a schedule from `ScheduleRegistry` starting at
/// the optimizer's learning rate, what its t counts, and an optional warm-up in front.
///
///     schedule:
///       type: cosine            # a ScheduleRegistry name; its own keys follow
///       unit: step              # step (optimizer updates, default) or epoch
///       t_max: 5000             # lengths default to the whole run
///       warmup_steps: 100       # any schedule: warm-up from warmup_start_factor·η (default 0)
///       warmup_shape: linear    # or cosine
///
/// The settings are kept as written and checked by building the schedule once (`validate`);
/// the schedule itself is built when the run's length is known.
public struct ScheduleConfig {
    public var typeName: String
    /// What t counts.
    public var granularity: ScheduleGranularity
    /// The section as written (type, unit and the schedule's keys).
    public var node: ConfigNode
    var file: String
    var path: String

    public static let warmupKeys = ["warmup_steps", "warmup_start_factor", "warmup_shape"]

    /// Reads the section; call `validate` to check its settings.
    public init(_ section: ConfigObject) throws {
        typeName = try section.required("type")
        guard let type = ScheduleRegistry.type(named: typeName) else {
            throw section.error("type", "unknown schedule '\(typeName)'; choose one of \(ScheduleRegistry.names.joined(separator: ", "))")
        }
        granularity = ScheduleGranularity(rawValue: try section.choice("unit", default: "step", from: ScheduleGranularity.allCases.map(\.rawValue)))!
        let known = Set(["type", "unit"] + type.configKeys + Self.warmupKeys)
        if let stranger = section.unreadKeys.first(where: { !known.contains($0) }) {
            throw section.error(stranger, "does not apply to the \(typeName) schedule; it takes \((type.configKeys + Self.warmupKeys).joined(separator: ", "))")
        }
        (node, file, path) = (section.node, section.file, section.path)
    }

    /// The schedule from `learningRate` for a run `horizon` long in the schedule's unit (the
    /// default length of cosine, polynomial and one-cycle, minus the warm-up).
    public func makeSchedule(learningRate: Float, horizon: Int) throws -> any Schedule {
        let section = try ConfigObject(node, file: file, path: path)
        let warmupSteps = try section.integer("warmup_steps", .nonNegativeInteger) ?? 0
        let base: any Schedule
        do {
            base = try ScheduleRegistry.type(named: typeName)!.make(config: section, learningRate: learningRate, horizon: Swift.max(horizon - warmupSteps, 1))
        } catch let error as DescentError {
            throw Self.naming(error, in: section)
        }
        guard warmupSteps > 0 else {
            if section.contains("warmup_start_factor") || section.contains("warmup_shape") {
                throw section.error("warmup_steps", "warmup_start_factor and warmup_shape need warmup_steps N")
            }
            return base
        }
        let shape = Warmup.Shape(rawValue: try section.choice("warmup_shape", default: "linear", from: Warmup.Shape.allCases.map(\.rawValue)))!
        do {
            return try base.withWarmup(steps: warmupSteps, startFactor: try section.number("warmup_start_factor", default: 0, .upToOne), shape: shape)
        } catch let error as DescentError {
            throw Self.naming(error, in: section)
        }
    }

    /// The config keys of the schedules' initializer arguments, for errors that name the key
    /// the user wrote (`step_size`) instead of a Swift argument (`StepDecay stepSize`).
    static let keysByArgument = [
        "stepSize": "step_size", "gamma": "gamma", "milestones": "milestones", "boundaries": "boundaries", "values": "values", "k": "k",
        "decayRate": "decay_rate", "decaySteps": "decay_steps", "totalSteps": "total_steps", "power": "power", "endLearningRate": "end_lr",
        "minimumLearningRate": "min_lr", "firstPeriod": "t0", "periodMultiplier": "t_mult", "peakDecay": "restart_decay",
        "baseLearningRate": "base_lr", "maximumLearningRate": "max_lr", "stepSizeUp": "step_size_up", "stepSizeDown": "step_size_down",
        "warmupFraction": "pct_start", "steps": "warmup_steps", "startFactor": "warmup_start_factor",
    ]

    /// A schedule's `invalidArgument` as a config error on the key it came from.
    static func naming(_ error: DescentError, in section: ConfigObject) -> DescentError {
        guard case let .invalidArgument(name, value, expected) = error else { return error }
        let parts = name.split(separator: " ").map(String.init)
        let argument = parts.count > 1 ? parts[1] : name
        let key = parts.first == "CosineDecay" && argument == "decaySteps" ? "t_max" : keysByArgument[argument]
        guard let key else { return section.error(nil, "\(section.node["type"]?.shownValue ?? "schedule"): \(error)") }
        let note = parts.count > 2 ? " \(parts.dropFirst(2).joined(separator: " "))" : ""
        return section.error(key, "is \(value)\(note); expected \(expected)")
    }

    /// Throws the first bad setting, building the schedule for a nominal run.
    public func validate(learningRate: Float, horizon: Int) throws { _ = try makeSchedule(learningRate: learningRate, horizon: horizon) }
}
