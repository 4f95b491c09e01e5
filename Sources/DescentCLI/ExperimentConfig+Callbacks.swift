import ArgumentParser
import Descent

/// The `callbacks:` entries and the `schedule:` section of an experiment.
///
///     callbacks:
///       - {type: early_stopping, monitor: val_loss, patience: 10, min_delta: 0, mode: auto,
///          baseline: null, restore_best_weights: true, start_from_epoch: 0}
///       - {type: reduce_lr_on_plateau, monitor: val_loss, factor: 0.1, patience: 10, …}
///       - {type: terminate_on_nan}
///     schedule: {type: cosine, unit: step, warmup_steps: 100, …}   # keys: descent schedule's flags
extension ExperimentConfig {
    enum CallbackSpec {
        case earlyStopping(monitor: String, patience: Int, minDelta: Double, mode: MonitorMode, baseline: Double?, restoresBestWeights: Bool, startFromEpoch: Int)
        case plateau(PlateauSpec)
        case terminateOnNaN

        var node: ConfigNode {
            switch self {
            case let .earlyStopping(monitor, patience, minDelta, mode, baseline, restores, start):
                return .object([("type", "early_stopping".configNode), ("monitor", monitor.configNode), ("patience", patience.configNode),
                                ("min_delta", minDelta.configNode), ("mode", mode.rawValue.configNode), ("baseline", baseline.map(\.configNode) ?? ConfigNode(.null)),
                                ("restore_best_weights", restores.configNode), ("start_from_epoch", start.configNode)])
            case .plateau(let spec):
                return .object([("type", "reduce_lr_on_plateau".configNode), ("monitor", spec.monitor.configNode), ("mode", spec.mode.configNode),
                                ("factor", spec.factor.configNode), ("patience", spec.patience.configNode), ("threshold", spec.threshold.configNode),
                                ("threshold_mode", spec.thresholdMode.configNode), ("cooldown", spec.cooldown.configNode),
                                ("min_lr", spec.minimumLearningRate.configNode), ("convention", spec.convention.configNode)])
            case .terminateOnNaN:
                return .object([("type", "terminate_on_nan".configNode)])
            }
        }

        func make() throws -> any Callback {
            switch self {
            case let .earlyStopping(monitor, patience, minDelta, mode, baseline, restores, start):
                return EarlyStopping(monitor: MetricKey(rawValue: monitor), minDelta: minDelta, patience: patience, mode: mode,
                                     baseline: baseline, restoresBestWeights: restores, startFromEpoch: start)
            case .plateau(let spec): return try spec.makeCallback()
            case .terminateOnNaN: return TerminateOnNaN()
            }
        }
    }

    /// The callback entries, checked.
    func callbackSpecs() throws -> [CallbackSpec] {
        try callbacks.enumerated().map { index, node in
            let entry = try ConfigObject(node, file: file, path: "callbacks[\(index)]")
            let type: String = try entry.required("type")
            let spec: CallbackSpec
            switch type {
            case "early_stopping":
                let modeName = try entry.value("mode", default: "auto")
                guard let mode = MonitorMode(rawValue: modeName) else { throw entry.error("mode", "expected min, max or auto, got '\(modeName)'") }
                spec = .earlyStopping(monitor: try entry.value("monitor", default: "val_loss"), patience: try entry.value("patience", default: 0),
                                      minDelta: try entry.value("min_delta", default: 0.0), mode: mode, baseline: try entry.optional("baseline"),
                                      restoresBestWeights: try entry.value("restore_best_weights", default: false),
                                      startFromEpoch: try entry.value("start_from_epoch", default: 0))
                if case let .earlyStopping(_, patience, minDelta, _, _, _, start) = spec {
                    try entry.check(patience >= 0 && minDelta >= 0 && start >= 0, "patience", "patience, min_delta and start_from_epoch ≥ 0")
                }
            case "reduce_lr_on_plateau":
                let d = PlateauSpec()
                let plateau = PlateauSpec(
                    monitor: try entry.value("monitor", default: d.monitor), mode: try entry.value("mode", default: d.mode),
                    factor: try entry.value("factor", default: d.factor), patience: try entry.value("patience", default: d.patience),
                    threshold: try entry.value("threshold", default: d.threshold), thresholdMode: try entry.value("threshold_mode", default: d.thresholdMode),
                    cooldown: try entry.value("cooldown", default: d.cooldown), minimumLearningRate: try entry.value("min_lr", default: d.minimumLearningRate),
                    convention: try entry.value("convention", default: d.convention))
                do { _ = try plateau.makeCallback() } catch let failure as CommandFailure {
                    throw entry.error(nil, failure.description.replacingOccurrences(of: "--plateau-", with: "").replacingOccurrences(of: "--reduce-on-plateau: ", with: ""))
                }
                spec = .plateau(plateau)
            case "terminate_on_nan": spec = .terminateOnNaN
            default: throw entry.error("type", "unknown callback '\(type)'; choose early_stopping, reduce_lr_on_plateau or terminate_on_nan (checkpoints: the checkpoint section)")
            }
            try entry.rejectUnknownKeys()
            return spec
        }
    }

    /// The schedule's callbacks, built through `descent train`'s schedule flags (the keys of
    /// `schedule:` are those flags in snake case).
    func scheduleCallbacks(learningRate: Float, stepsPerEpoch: Int) throws -> [any Callback] {
        guard let schedule else { return [] }
        let entry = try ConfigObject(schedule, file: file, path: "schedule")
        var arguments = ["--schedule", try entry.required("type", String.self), "--schedule-unit", try entry.value("unit", default: "step")]
        guard case .object(let pairs) = schedule.value else { return [] }
        for (key, value) in pairs where !["type", "unit"].contains(key) {
            let flag = "--" + key.replacingOccurrences(of: "_", with: "-")
            switch value.value {
            case .bool(let isOn): if isOn { arguments.append(flag) }
            case .int(let number): arguments += [flag, String(number)]
            case .double(let number): arguments += [flag, ConfigNode.format(number)]
            case .string(let text): arguments += [flag, text]
            case .array(let items):
                let numbers = items.map { Int(configNode: $0).map(String.init) ?? Double(configNode: $0).map(ConfigNode.format) ?? "?" }
                arguments += [flag, numbers.joined(separator: ",")]
            default: throw entry.error(key, "expected a number, a list of numbers, a boolean or a name")
            }
        }
        do {
            let options = try TrainScheduleOptions.parse(arguments)
            var settings = TrainingSettings(dataset: "", samples: 0, hidden: [], activation: "", optimizer: "", learningRate: learningRate,
                                            momentum: 0, epochs: epochs, batchSize: 1, seed: 0, trainFraction: 0, validationFraction: 0, output: "")
            settings = try options.applied(to: settings)
            let momentum = Float(optimizer.settings["momentum"] ?? "0") ?? 0
            let cyclesMomentum = optimizer.name == "adam" || (optimizer.name == "sgd" && momentum > 0)  // as the flags do
            return try settings.scheduling?.callbacks(learningRate: learningRate, epochs: epochs, stepsPerEpoch: stepsPerEpoch, cyclesMomentum: cyclesMomentum) ?? []
        } catch let failure as CommandFailure {
            throw entry.error(nil, failure.description)
        } catch {
            throw entry.error(nil, TrainScheduleOptions.message(for: error).replacingOccurrences(of: "\n", with: " "))
        }
    }
}
