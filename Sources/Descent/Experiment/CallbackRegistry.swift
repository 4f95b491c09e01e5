/// A callback that can be written to and rebuilt from an entry of an experiment's
/// `callbacks:` list, `{type: early_stopping, patience: 10}`: one place names its config key
/// and reads and writes its settings, as `ConfigurableLayer` does for layers.
///
///     callbacks:
///       - {type: early_stopping, monitor: val_loss, patience: 10, min_delta: 0, mode: auto,
///          baseline: null, restore_best_weights: true, start_from_epoch: 0}
///       - {type: reduce_lr_on_plateau, monitor: val_loss, factor: 0.1, patience: 10, …}
///       - {type: terminate_on_nan}
///
/// Add a callback of your own by adopting the protocol and appending its type to
/// `CallbackRegistry.types`.
public protocol ConfigurableCallback: Callback {
    /// The `type` name in configs, e.g. `"early_stopping"`.
    static var typeName: String { get }
    /// Builds the callback from its settings, every value checked.
    static func make(config: ConfigObject) throws -> Self
    /// Every setting, defaults included, in a readable order (without `type`).
    var configOptions: [(String, ConfigNode)] { get }
}

extension ConfigurableCallback {
    /// The entry that rebuilds this callback.
    public var configNode: ConfigNode { .object([("type", Self.typeName.configNode)] + configOptions) }
}

/// Callbacks by config name.
public enum CallbackRegistry {
    /// Every callback a `callbacks:` entry may name.
    public nonisolated(unsafe) static var types: [any ConfigurableCallback.Type] = [
        EarlyStopping.self, ReduceLROnPlateau.self, TerminateOnNaN.self,
    ]

    /// The registered names, in registration order.
    public static var names: [String] { types.map { $0.typeName } }

    /// The callback of one `callbacks:` entry.
    public static func make(_ entry: ConfigObject) throws -> any ConfigurableCallback {
        let name: String = try entry.required("type")
        guard let type = types.first(where: { $0.typeName == name }) else {
            throw entry.error("type", "unknown callback '\(name)'; choose \(names.joined(separator: ", ")) (checkpoints: the checkpoint section)")
        }
        let callback = try type.make(config: entry)
        try entry.rejectUnknownKeys()
        return callback
    }
}

extension EarlyStopping: ConfigurableCallback {
    public static var typeName: String { "early_stopping" }

    public static func make(config: ConfigObject) throws -> EarlyStopping {
        let mode = MonitorMode(rawValue: try config.choice("mode", default: "auto", from: ["min", "max", "auto"]))!
        let minDelta = try config.value("min_delta", default: 0.0)
        try config.check(minDelta >= 0 && minDelta.isFinite, "min_delta", "a number ≥ 0")
        return EarlyStopping(
            monitor: MetricKey(rawValue: try config.value("monitor", default: "val_loss")),
            minDelta: minDelta, patience: try config.integer("patience", .nonNegativeInteger) ?? 0,
            mode: mode, baseline: try config.optional("baseline"), restoresBestWeights: try config.value("restore_best_weights", default: false),
            startFromEpoch: try config.integer("start_from_epoch", .nonNegativeInteger) ?? 0)
    }

    public var configOptions: [(String, ConfigNode)] {
        [("monitor", monitor.rawValue.configNode), ("patience", patience.configNode), ("min_delta", minDelta.configNode),
         ("mode", mode.rawValue.configNode), ("baseline", baseline.map(\.configNode) ?? ConfigNode(.null)),
         ("restore_best_weights", restoresBestWeights.configNode), ("start_from_epoch", startFromEpoch.configNode)]
    }
}

extension ReduceLROnPlateau: ConfigurableCallback {
    public static var typeName: String { "reduce_lr_on_plateau" }

    /// `mode: auto` (the default) is max for monitored names containing "acc" (Keras' rule), else min.
    public static func make(config: ConfigObject) throws -> ReduceLROnPlateau {
        let monitor: String = try config.value("monitor", default: "val_loss")
        let modeName = try config.choice("mode", default: "auto", from: ["min", "max", "auto"])
        let mode = Mode(rawValue: modeName == "auto" ? (monitor.contains("acc") ? "max" : "min") : modeName)!
        let thresholdMode = ThresholdMode(rawValue: try config.choice("threshold_mode", default: "rel", from: ["rel", "abs"]))!
        let convention = Convention(rawValue: try config.choice("convention", default: "pytorch", from: ["pytorch", "keras"]))!
        do {
            return try ReduceLROnPlateau(
                monitor: MetricKey(rawValue: monitor), mode: mode, factor: try config.value("factor", default: 0.1),
                patience: try config.integer("patience", .nonNegativeInteger) ?? 10, threshold: try config.value("threshold", default: 1e-4),
                thresholdMode: thresholdMode, cooldown: try config.integer("cooldown", .nonNegativeInteger) ?? 0,
                minimumLearningRate: try config.number("min_lr", default: 0, .nonNegative), convention: convention)
        } catch let error as DescentError {
            if case .config = error { throw error }
            throw config.error(nil, "\(error)")
        }
    }

    public var configOptions: [(String, ConfigNode)] {
        [("monitor", monitor.rawValue.configNode), ("mode", mode.rawValue.configNode), ("factor", factor.configNode),
         ("patience", patience.configNode), ("threshold", threshold.configNode), ("threshold_mode", thresholdMode.rawValue.configNode),
         ("cooldown", cooldown.configNode), ("min_lr", minimumLearningRate.configNode), ("convention", convention.rawValue.configNode)]
    }
}

extension TerminateOnNaN: ConfigurableCallback {
    public static var typeName: String { "terminate_on_nan" }
    public static func make(config: ConfigObject) throws -> TerminateOnNaN { TerminateOnNaN() }
    public var configOptions: [(String, ConfigNode)] { [] }
}
