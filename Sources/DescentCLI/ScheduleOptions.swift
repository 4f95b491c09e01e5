import ArgumentParser
import Foundation
import Descent

/// The flags of the learning-rate schedules, shared by `descent schedule` and `descent train`
/// (each schedule reads only its own; see `ScheduleSpec.flagsByName`).
struct ScheduleOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "step: steps between decays (k).")
    var stepSize: Int?
    @Option(parsing: .unconditional, help: "step, multistep: factor per decay (default 0.1); cyclic exp-range: factor per step.")
    var gamma: Float?
    @Option(help: "multistep: steps at which the rate is multiplied by gamma, e.g. 15,40.")
    var milestones: String?
    @Option(help: "piecewise: steps where the next value starts, e.g. 30,60.")
    var boundaries: String?
    @Option(help: "piecewise: one more value than boundaries, e.g. 0.1,0.01,0.001.")
    var values: String?
    @Option(parsing: .unconditional, help: "exponential: lr·e^(−k·t); inverse-time: lr/(1 + k·t).")
    var k: Float?
    @Option(parsing: .unconditional, help: "exponential (Keras form): lr·r^(t/T) with r = this.")
    var decayRate: Float?
    @Option(parsing: .unconditional, help: "exponential, inverse-time: T, the steps per decay period.")
    var decaySteps: Int?
    @Flag(help: "exponential, inverse-time: decay in whole periods ⌊t/T⌋.")
    var staircase = false
    @Option(parsing: .unconditional, help: "polynomial: the power p (default 1, linear).")
    var power: Float?
    @Option(parsing: .unconditional, help: "polynomial: the final rate (default 0).")
    var endLr: Float?
    @Option(parsing: .unconditional, help: "polynomial, one-cycle: the length of the schedule (default: all steps shown or trained).")
    var totalSteps: Int?
    @Option(parsing: .unconditional, help: "cosine: steps from lr down to --min-lr (default: all steps shown or trained).")
    var tMax: Int?
    @Option(parsing: .unconditional, help: "cosine, cosine-restarts: the floor ηmin (default 0).")
    var minLr: Float?
    @Option(parsing: .unconditional, help: "cosine-restarts: the length T₀ of the first cycle.")
    var t0: Int?
    @Option(parsing: .unconditional, help: "cosine-restarts: each cycle is this many times longer (default 1).")
    var tMult: Int?
    @Option(parsing: .unconditional, help: "cosine-restarts: each restart peaks at this fraction of the previous peak (default 1).")
    var restartDecay: Float?
    @Option(help: "cyclic: triangular, triangular2 or exp-range.")
    var mode: String?
    @Option(parsing: .unconditional, help: "cyclic: the bottom of the cycle (default: --lr).")
    var baseLr: Float?
    @Option(parsing: .unconditional, help: "cyclic: the top of the cycle; one-cycle: the peak (default: --lr).")
    var maxLr: Float?
    @Option(parsing: .unconditional, help: "cyclic: steps from the base to the peak.")
    var stepSizeUp: Int?
    @Option(parsing: .unconditional, help: "cyclic: steps from the peak back to the base (default: --step-size-up).")
    var stepSizeDown: Int?
    @Option(help: "one-cycle: cos or linear annealing (default cos).")
    var anneal: String?
    @Option(parsing: .unconditional, help: "one-cycle: the fraction of steps spent rising (default 0.3).")
    var pctStart: Double?
    @Option(parsing: .unconditional, help: "Warm-up steps in front of the schedule (any schedule).")
    var warmupSteps: Int?
    @Option(parsing: .unconditional, help: "The warm-up starts at this fraction of the schedule's first rate (default 0).")
    var warmupStartFactor: Float?
    @Option(help: "Warm-up curve: linear or cosine (default linear).")
    var warmupShape: String?

    /// The schedule settings given, as `schedule:` keys (`--t-max 50` → `t_max: 50`).
    func givenSettings() throws -> [(String, ConfigNode)] {
        let lists: [(String, ConfigNode?)] = [
            ("milestones", try milestones.map { try parseIntegerList($0, flag: "--milestones").configNode }),
            ("boundaries", try boundaries.map { try parseIntegerList($0, flag: "--boundaries").configNode }),
            ("values", try values.map { try parseRateList($0, flag: "--values").configNode }),
        ]
        let settings: [(String, ConfigNode?)] = [
            ("step_size", stepSize?.configNode), ("gamma", gamma?.configNode), ("k", k?.configNode), ("decay_rate", decayRate?.configNode),
            ("decay_steps", decaySteps?.configNode), ("staircase", staircase ? true.configNode : nil), ("power", power?.configNode),
            ("end_lr", endLr?.configNode), ("total_steps", totalSteps?.configNode), ("t_max", tMax?.configNode), ("min_lr", minLr?.configNode),
            ("t0", t0?.configNode), ("t_mult", tMult?.configNode), ("restart_decay", restartDecay?.configNode), ("mode", mode?.configNode),
            ("base_lr", baseLr?.configNode), ("max_lr", maxLr?.configNode), ("step_size_up", stepSizeUp?.configNode),
            ("step_size_down", stepSizeDown?.configNode), ("anneal", anneal?.configNode), ("pct_start", pctStart?.configNode),
            ("warmup_steps", warmupSteps?.configNode), ("warmup_start_factor", warmupStartFactor?.configNode), ("warmup_shape", warmupShape?.configNode),
        ]
        return (lists + settings).compactMap { key, value in value.map { (key, $0) } }
    }

    /// The `schedule:` section of schedule `name` with these flags (only those among `keys`
    /// when given), read on the command line.
    func config(name: String, unit: String = "step", keys: Set<String>? = nil) throws -> ScheduleConfig {
        let settings = try givenSettings().filter { keys?.contains($0.0) ?? true }
        let node = ConfigNode.object([("type", name.configNode), ("unit", unit.configNode)] + settings)
        return try ScheduleConfig(ConfigObject(node, file: ConfigNode.commandLine, path: "schedule"))
    }
}

/// Parses `0.1,0.01` into [0.1, 0.01], naming the flag on failure.
func parseRateList(_ text: String, flag: String) throws -> [Float] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap { Float($0) }
    guard values.count == parts.count, values.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
        throw CommandFailure("\(flag) '\(text)' must be a comma-separated list of rates ≥ 0, e.g. 0.1,0.01")
    }
    return values
}
