import ArgumentParser
import Descent

/// The learning-rate flags of `descent train`: a schedule starting from --lr, or
/// reduce-on-plateau.
struct TrainScheduleOptions: ParsableArguments {
    @Option(help: "Learning-rate schedule from --lr: \(ScheduleRegistry.names.joined(separator: ", ")). Its flags (--t-max, --t0, --gamma, --warmup-steps, …) are those of `descent schedule --help`; lengths default to the whole run.")
    var schedule: String?
    @Option(help: "What the schedule's t counts: step (optimizer updates, default) or epoch.")
    var scheduleUnit: String?
    @OptionGroup(visibility: .hidden) var parameters: ScheduleOptions

    @Flag(help: "Divide the learning rate by --plateau-factor when --plateau-monitor stops improving.")
    var reduceOnPlateau = false
    @Option(help: "Plateau: the history column to watch (default val_loss).")
    var plateauMonitor: String?
    @Option(help: "Plateau: min, max, or auto (max for names containing 'acc').")
    var plateauMode: String?
    @Option(parsing: .unconditional, help: "Plateau: the factor in (0, 1) (default 0.1).")
    var plateauFactor: Float?
    @Option(parsing: .unconditional, help: "Plateau: epochs without improvement to wait (default 10).")
    var plateauPatience: Int?
    @Option(parsing: .unconditional, help: "Plateau: the smallest improvement that counts (default 1e-4).")
    var plateauThreshold: Double?
    @Option(help: "Plateau: rel (PyTorch, default) or abs (Keras' min_delta).")
    var plateauThresholdMode: String?
    @Option(parsing: .unconditional, help: "Plateau: epochs to wait after a reduction (default 0).")
    var plateauCooldown: Int?
    @Option(parsing: .unconditional, help: "Plateau: the lowest learning rate (default 0).")
    var plateauMinLr: Float?
    @Option(help: "Plateau: pytorch (reduce after patience+1 bad epochs, default) or keras (after patience).")
    var plateauConvention: String?

    /// The flags given, by name, for messages about flags that cannot apply.
    func givenFlags() throws -> [String] {
        let plateau: [(String, Any?)] = [("--plateau-monitor", plateauMonitor), ("--plateau-mode", plateauMode), ("--plateau-factor", plateauFactor),
                                         ("--plateau-patience", plateauPatience), ("--plateau-threshold", plateauThreshold),
                                         ("--plateau-threshold-mode", plateauThresholdMode), ("--plateau-cooldown", plateauCooldown),
                                         ("--plateau-min-lr", plateauMinLr), ("--plateau-convention", plateauConvention)]
        let scheduleFlags = try parameters.givenSettings().map { "--" + $0.0.replacingOccurrences(of: "_", with: "-") }
        return [("--schedule", schedule), ("--schedule-unit", scheduleUnit)].compactMap { $0.1 == nil ? nil : $0.0 } + scheduleFlags
            + (reduceOnPlateau ? ["--reduce-on-plateau"] : []) + plateau.compactMap { $0.1 == nil ? nil : $0.0 }
    }

    /// The `schedule:` section these flags ask for, nil without --schedule; checked.
    func scheduleNode() throws -> ConfigNode? {
        let plateauFlags: [Any?] = [plateauMonitor, plateauMode, plateauFactor, plateauPatience, plateauThreshold,
                                    plateauThresholdMode, plateauCooldown, plateauMinLr, plateauConvention]
        if !reduceOnPlateau && plateauFlags.contains(where: { $0 != nil }) {
            throw CommandFailure("the --plateau-… options need --reduce-on-plateau")
        }
        guard schedule == nil || !reduceOnPlateau else {
            throw CommandFailure("--schedule and --reduce-on-plateau both set the learning rate; choose one")
        }
        guard let schedule else {
            if let flag = try givenFlags().first(where: { !$0.hasPrefix("--plateau") && $0 != "--reduce-on-plateau" }) {
                throw CommandFailure("\(flag) needs --schedule NAME")
            }
            return nil
        }
        return try parameters.config(name: schedule, unit: scheduleUnit ?? "step").node
    }

    /// The `reduce_lr_on_plateau` callback entry these flags ask for, nil without --reduce-on-plateau; checked.
    func plateauNode() throws -> ConfigNode? {
        guard reduceOnPlateau else { return nil }
        let settings: [(String, ConfigNode?)] = [
            ("monitor", plateauMonitor?.configNode), ("mode", plateauMode?.configNode), ("factor", plateauFactor?.configNode),
            ("patience", plateauPatience?.configNode), ("threshold", plateauThreshold?.configNode),
            ("threshold_mode", plateauThresholdMode?.configNode), ("cooldown", plateauCooldown?.configNode),
            ("min_lr", plateauMinLr?.configNode), ("convention", plateauConvention?.configNode),
        ]
        let node = ConfigNode.object([("type", ReduceLROnPlateau.typeName.configNode)] + settings.compactMap { key, value in value.map { (key, $0) } })
        return try CallbackRegistry.make(ConfigObject(node, file: ConfigNode.commandLine, path: "plateau")).configNode
    }
}
