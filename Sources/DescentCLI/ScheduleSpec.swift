import Descent

/// A learning-rate schedule as the command line spells it: a name and the flags it reads.
/// `descent train` writes it to config.json; `makeSchedule` turns it into a `Schedule`.
struct ScheduleSpec: Codable, Equatable {
    /// The schedule names, in the order of `descent schedule --help`.
    static let names = ["constant", "piecewise", "step", "multistep", "exponential", "inverse-time", "polynomial",
                        "cosine", "cosine-restarts", "cyclic", "one-cycle"]

    /// The flags each schedule reads besides --lr and the warm-up flags.
    static let flagsByName: [String: Set<String>] = [
        "constant": [], "piecewise": ["--boundaries", "--values"], "step": ["--step-size", "--gamma"],
        "multistep": ["--milestones", "--gamma"], "exponential": ["--k", "--decay-rate", "--decay-steps", "--staircase"],
        "inverse-time": ["--k", "--decay-steps", "--staircase"], "polynomial": ["--total-steps", "--power", "--end-lr"],
        "cosine": ["--t-max", "--min-lr"], "cosine-restarts": ["--t0", "--t-mult", "--min-lr", "--restart-decay"],
        "cyclic": ["--mode", "--base-lr", "--max-lr", "--step-size-up", "--step-size-down", "--gamma"],
        "one-cycle": ["--max-lr", "--total-steps", "--anneal", "--pct-start"],
    ]

    var name: String
    var stepSize: Int?
    var gamma: Float?
    var milestones: [Int]?
    var boundaries: [Int]?
    var values: [Float]?
    var k: Float?
    var decayRate: Float?
    var decaySteps: Int?
    var isStaircase: Bool?
    var power: Float?
    var endLearningRate: Float?
    var totalSteps: Int?
    var tMax: Int?
    var minimumLearningRate: Float?
    var t0: Int?
    var tMult: Int?
    var restartDecay: Float?
    var mode: String?
    var baseLearningRate: Float?
    var maximumLearningRate: Float?
    var stepSizeUp: Int?
    var stepSizeDown: Int?
    var anneal: String?
    var pctStart: Double?
    var warmupSteps: Int?
    var warmupStartFactor: Float?
    var warmupShape: String?

    /// The schedule's own flags with their values (nil when not given), by command-line name.
    private var scheduleFlagValues: [(flag: String, value: Any?)] {
        [
            ("--step-size", stepSize), ("--gamma", gamma), ("--milestones", milestones), ("--boundaries", boundaries),
            ("--values", values), ("--k", k), ("--decay-rate", decayRate), ("--decay-steps", decaySteps),
            ("--staircase", isStaircase), ("--power", power), ("--end-lr", endLearningRate), ("--total-steps", totalSteps),
            ("--t-max", tMax), ("--min-lr", minimumLearningRate), ("--t0", t0), ("--t-mult", tMult),
            ("--restart-decay", restartDecay), ("--mode", mode), ("--base-lr", baseLearningRate),
            ("--max-lr", maximumLearningRate), ("--step-size-up", stepSizeUp), ("--step-size-down", stepSizeDown),
            ("--anneal", anneal), ("--pct-start", pctStart),
        ]
    }

    private var warmupFlagValues: [(flag: String, value: Any?)] {
        [("--warmup-steps", warmupSteps), ("--warmup-start-factor", warmupStartFactor), ("--warmup-shape", warmupShape)]
    }

    /// The flags given a value, by their command-line names.
    var givenFlags: [String] { scheduleFlagValues.filter { $0.value != nil }.map(\.flag) }

    /// `givenFlags` and the warm-up flags given a value.
    var allGivenFlags: [String] { (scheduleFlagValues + warmupFlagValues).filter { $0.value != nil }.map(\.flag) }

    /// The `schedule:` section of a config that reads back as this spec: the type, the unit,
    /// and every given flag as a snake-case key (`--t-max 50` → `t_max: 50`).
    func configNode(unit: String) -> ConfigNode {
        var pairs: [(String, ConfigNode)] = [("type", name.configNode), ("unit", unit.configNode)]
        for (flag, value) in scheduleFlagValues + warmupFlagValues {
            let key = flag.dropFirst(2).replacingOccurrences(of: "-", with: "_")
            switch value {
            case let number as Int: pairs.append((key, number.configNode))
            case let number as Float: pairs.append((key, number.configNode))
            case let number as Double: pairs.append((key, number.configNode))
            case let isOn as Bool: pairs.append((key, isOn.configNode))
            case let text as String: pairs.append((key, text.configNode))
            case let numbers as [Int]: pairs.append((key, numbers.configNode))
            case let numbers as [Float]: pairs.append((key, numbers.configNode))
            default: continue
            }
        }
        return .object(pairs)
    }

    /// Throws when a flag was given that this schedule does not read.
    func rejectForeignFlags() throws {
        let foreign = Set(givenFlags).subtracting(ScheduleSpec.flagsByName[name] ?? [])
        if let flag = foreign.sorted().first { throw CommandFailure("\(flag) does not apply to the \(name) schedule") }
        if name == "cyclic" && gamma != nil && mode != "exp-range" { throw CommandFailure("--gamma applies to cyclic only with --mode exp-range") }
    }

    /// The schedule, with `learningRate` as η₀ (or the base of a cycle, or the peak of one-cycle)
    /// and `horizon` steps as the default length of cosine, polynomial and one-cycle (minus the
    /// warm-up). Throws `CommandFailure` naming the flag at fault.
    func makeSchedule(learningRate: Float?, horizon: Int) throws -> any Schedule {
        guard ScheduleSpec.names.contains(name) else {
            throw CommandFailure("unknown schedule '\(name)'; choose one of \(ScheduleSpec.names.joined(separator: ", "))")
        }
        do {
            let base = try makeBase(learningRate: learningRate, horizon: Swift.max(horizon - (warmupSteps ?? 0), 1))
            guard let warmupSteps, warmupSteps > 0 else {
                if warmupStartFactor != nil || warmupShape != nil { throw CommandFailure("--warmup-start-factor and --warmup-shape need --warmup-steps N") }
                return base
            }
            guard let shape = Warmup.Shape(rawValue: warmupShape ?? "linear") else {
                throw CommandFailure("unknown --warmup-shape '\(warmupShape ?? "")'; choose linear or cosine")
            }
            return try base.withWarmup(steps: warmupSteps, startFactor: warmupStartFactor ?? 0, shape: shape)
        } catch let error as DescentError {
            throw CommandFailure("\(name): \(error)")
        }
    }

    private func makeBase(learningRate lr: Float?, horizon: Int) throws -> any Schedule {
        switch name {
        case "constant": return try ConstantSchedule(learningRate: need(lr, "--lr", "0.1"))
        case "piecewise": return try PiecewiseConstantDecay(boundaries: need(boundaries, "--boundaries", "30,60"), values: need(values, "--values", "0.1,0.01,0.001"))
        case "step": return try StepDecay(initialLearningRate: need(lr, "--lr", "0.1"), stepSize: need(stepSize, "--step-size", "30"), gamma: gamma ?? 0.1)
        case "multistep": return try MultiStepDecay(initialLearningRate: need(lr, "--lr", "0.1"), milestones: need(milestones, "--milestones", "15,40"), gamma: gamma ?? 0.1)
        case "exponential": return try makeExponential(learningRate: need(lr, "--lr", "0.1"))
        case "inverse-time":
            return try InverseTimeDecay(initialLearningRate: need(lr, "--lr", "0.1"), k: need(k, "--k", "0.01"),
                                        decaySteps: decaySteps ?? 1, isStaircase: isStaircase ?? false)
        case "polynomial":
            return try PolynomialDecay(initialLearningRate: need(lr, "--lr", "0.1"), totalSteps: totalSteps ?? horizon,
                                       power: power ?? 1, endLearningRate: endLearningRate ?? 0)
        case "cosine":
            return try CosineDecay(initialLearningRate: need(lr, "--lr", "0.1"), decaySteps: tMax ?? horizon, minimumLearningRate: minimumLearningRate ?? 0)
        case "cosine-restarts":
            return try CosineDecayRestarts(initialLearningRate: need(lr, "--lr", "0.1"), firstPeriod: need(t0, "--t0", "10"),
                                           periodMultiplier: tMult ?? 1, minimumLearningRate: minimumLearningRate ?? 0, peakDecay: restartDecay ?? 1)
        case "cyclic": return try makeCyclic(learningRate: lr)
        default:
            guard let annealing = OneCycle.Annealing(rawValue: anneal ?? "cos") else { throw CommandFailure("unknown --anneal '\(anneal ?? "")'; choose cos or linear") }
            return try OneCycle(maximumLearningRate: need(maximumLearningRate ?? lr, "--max-lr", "0.1"), totalSteps: totalSteps ?? horizon,
                                warmupFraction: pctStart ?? 0.3, annealing: annealing)
        }
    }

    private func makeExponential(learningRate: Float) throws -> any Schedule {
        if let k {
            guard decayRate == nil, decaySteps == nil, isStaircase == nil else {
                throw CommandFailure("exponential takes either --k (η₀·e^(−kt)) or --decay-rate and --decay-steps (η₀·r^(t/T)), not both")
            }
            return try ExponentialDecay(initialLearningRate: learningRate, k: k)
        }
        return try ExponentialDecay(initialLearningRate: learningRate, decayRate: need(decayRate, "--decay-rate", "0.96 (or --k 0.01)"),
                                    decaySteps: need(decaySteps, "--decay-steps", "100"), isStaircase: isStaircase ?? false)
    }

    private func makeCyclic(learningRate: Float?) throws -> any Schedule {
        let mode: CyclicalLearningRate.Mode
        switch self.mode ?? "triangular" {
        case "triangular": mode = .triangular
        case "triangular2": mode = .triangular2
        case "exp-range": mode = .exponentialRange(gamma: try need(gamma, "--gamma", "0.999 with --mode exp-range"))
        default: throw CommandFailure("unknown --mode '\(self.mode ?? "")'; choose triangular, triangular2 or exp-range")
        }
        return try CyclicalLearningRate(
            baseLearningRate: need(baseLearningRate ?? learningRate, "--base-lr", "0.001"),
            maximumLearningRate: need(maximumLearningRate, "--max-lr", "0.1"),
            stepSizeUp: need(stepSizeUp, "--step-size-up", "2000"), stepSizeDown: stepSizeDown, mode: mode)
    }

    private func need<T>(_ value: T?, _ flag: String, _ example: String) throws -> T {
        guard let value else { throw CommandFailure("the \(name) schedule needs \(flag), e.g. \(flag) \(example)") }
        return value
    }
}
