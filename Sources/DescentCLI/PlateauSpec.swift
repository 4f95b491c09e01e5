import Descent

/// `ReduceLROnPlateau` as `descent train` spells it; written to config.json.
struct PlateauSpec: Codable, Equatable {
    var monitor = "val_loss"
    /// min, max, or auto: max when the monitored name contains "acc" (Keras' rule).
    var mode = "auto"
    var factor: Float = 0.1
    var patience = 10
    var threshold = 1e-4
    var thresholdMode = "rel"
    var cooldown = 0
    var minimumLearningRate: Float = 0
    var convention = "pytorch"

    /// The callback; throws `CommandFailure` naming the flag at fault.
    func makeCallback() throws -> ReduceLROnPlateau {
        let resolvedMode = mode == "auto" ? (monitor.contains("acc") ? "max" : "min") : mode
        guard let plateauMode = ReduceLROnPlateau.Mode(rawValue: resolvedMode) else {
            throw CommandFailure("unknown --plateau-mode '\(mode)'; choose min, max or auto")
        }
        guard let plateauThresholdMode = ReduceLROnPlateau.ThresholdMode(rawValue: thresholdMode) else {
            throw CommandFailure("unknown --plateau-threshold-mode '\(thresholdMode)'; choose rel (PyTorch) or abs (Keras)")
        }
        guard let plateauConvention = ReduceLROnPlateau.Convention(rawValue: convention) else {
            throw CommandFailure("unknown --plateau-convention '\(convention)'; choose pytorch or keras")
        }
        do {
            return try ReduceLROnPlateau(
                monitor: MetricKey(rawValue: monitor), mode: plateauMode, factor: factor, patience: patience,
                threshold: threshold, thresholdMode: plateauThresholdMode, cooldown: cooldown,
                minimumLearningRate: minimumLearningRate, convention: plateauConvention)
        } catch let error as DescentError {
            throw CommandFailure("--reduce-on-plateau: \(error)")
        }
    }
}
