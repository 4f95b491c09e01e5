import ArgumentParser
import Descent

/// The learning-rate flags of `descent train`: a schedule starting from --lr, or
/// reduce-on-plateau.
struct TrainScheduleOptions: ParsableArguments {
    @Option(help: "Learning-rate schedule from --lr: \(ScheduleSpec.names.joined(separator: ", ")). Its flags (--t-max, --t0, --gamma, --warmup-steps, …) are those of `descent schedule --help`; lengths default to the whole run.")
    var schedule: String?
    @Option(help: "What the schedule's t counts: step (optimizer updates) or epoch.")
    var scheduleUnit = ScheduleGranularity.step.rawValue
    @OptionGroup(visibility: .hidden) var parameters: ScheduleOptions

    @Flag(help: "Divide the learning rate by --plateau-factor when --plateau-monitor stops improving.")
    var reduceOnPlateau = false
    @Option(help: "Plateau: the history column to watch (default val_loss).")
    var plateauMonitor: String?
    @Option(help: "Plateau: min, max, or auto (max for names containing 'acc').")
    var plateauMode: String?
    @Option(help: "Plateau: the factor in (0, 1) (default 0.1).")
    var plateauFactor: Float?
    @Option(help: "Plateau: epochs without improvement to wait (default 10).")
    var plateauPatience: Int?
    @Option(help: "Plateau: the smallest improvement that counts (default 1e-4).")
    var plateauThreshold: Double?
    @Option(help: "Plateau: rel (PyTorch, default) or abs (Keras' min_delta).")
    var plateauThresholdMode: String?
    @Option(help: "Plateau: epochs to wait after a reduction (default 0).")
    var plateauCooldown: Int?
    @Option(help: "Plateau: the lowest learning rate (default 0).")
    var plateauMinLr: Float?
    @Option(help: "Plateau: pytorch (reduce after patience+1 bad epochs, default) or keras (after patience).")
    var plateauConvention: String?

    /// `settings` with the scheduling these flags ask for, checked against its epochs.
    func applied(to settings: TrainingSettings) throws -> TrainingSettings {
        let plateauFlags: [Any?] = [plateauMonitor, plateauMode, plateauFactor, plateauPatience, plateauThreshold,
                                    plateauThresholdMode, plateauCooldown, plateauMinLr, plateauConvention]
        if !reduceOnPlateau && plateauFlags.contains(where: { $0 != nil }) {
            throw CommandFailure("the --plateau-… options need --reduce-on-plateau")
        }
        guard schedule == nil || !reduceOnPlateau else {
            throw CommandFailure("--schedule and --reduce-on-plateau both set the learning rate; choose one")
        }
        let spec = try schedule.map { try parameters.spec(name: $0) }
        if schedule == nil, let flag = try parameters.spec(name: "").allGivenFlags.first {
            throw CommandFailure("\(flag) needs --schedule NAME")
        }
        guard spec != nil || reduceOnPlateau else { return settings }
        var plateau: PlateauSpec?
        if reduceOnPlateau {
            let defaults = PlateauSpec()
            plateau = PlateauSpec(
                monitor: plateauMonitor ?? defaults.monitor, mode: plateauMode ?? defaults.mode, factor: plateauFactor ?? defaults.factor,
                patience: plateauPatience ?? defaults.patience, threshold: plateauThreshold ?? defaults.threshold,
                thresholdMode: plateauThresholdMode ?? defaults.thresholdMode, cooldown: plateauCooldown ?? defaults.cooldown,
                minimumLearningRate: plateauMinLr ?? defaults.minimumLearningRate, convention: plateauConvention ?? defaults.convention)
        }
        var result = settings
        result.scheduling = SchedulingSettings(schedule: spec, unit: scheduleUnit, plateau: plateau)
        _ = try result.schedulingCallbacks(trainingSamples: settings.batchSize)  // checks every setting before the run starts
        return result
    }
}
