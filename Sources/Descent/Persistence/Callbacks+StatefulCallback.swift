/// Saves the patience counter, the best value and epoch, and the best weights when they are
/// kept, so that a resumed run stops at the same epoch and restores the same weights.
extension EarlyStopping: StatefulCallback {
    public var stateKey: String { "early_stopping" }

    public func checkpointState(model: any Layer) -> CallbackState {
        var state = CallbackState(values: ["wait": Double(wait), "has_warned": hasWarned ? 1 : 0])
        if let best {
            state.values["best_value"] = best.value
            state.values["best_epoch"] = Double(best.epoch)
        }
        if let stoppedEpoch { state.values["stopped_epoch"] = Double(stoppedEpoch) }
        if let bestWeights { state.tensors = bestWeights.tensors(of: model) }
        return state
    }

    public func restoreState(_ state: CallbackState, model: any Layer) throws {
        wait = try state.integer("wait", of: stateKey)
        hasWarned = state.values["has_warned"] == 1
        best = try state.values["best_value"].map { ($0, try state.integer("best_epoch", of: stateKey)) }
        stoppedEpoch = try state.values["stopped_epoch"].map { _ in try state.integer("stopped_epoch", of: stateKey) }
        bestWeights = state.tensors.isEmpty ? nil : try .make(state.tensors, of: model, source: "early_stopping best weights")
    }
}

/// Saves the best monitored value and the epochs saved so far.
extension ModelCheckpoint: StatefulCallback {
    public var stateKey: String { "model_checkpoint" }

    public func checkpointState(model: any Layer) -> CallbackState {
        var values: [String: Double] = ["saved_count": Double(savedEpochs.count)]
        if let bestValue { values["best_value"] = bestValue }
        for (i, epoch) in savedEpochs.enumerated() { values["saved_\(i)"] = Double(epoch) }
        return CallbackState(values: values)
    }

    public func restoreState(_ state: CallbackState, model: any Layer) throws {
        bestValue = state.values["best_value"]
        let count = try state.integer("saved_count", of: stateKey)
        savedEpochs = try (0..<count).map { try state.integer("saved_\($0)", of: stateKey) }
    }
}

/// Saves the best value, the bad-epoch and cooldown counters and the number of reductions.
extension ReduceLROnPlateau: StatefulCallback {
    public var stateKey: String { "reduce_lr_on_plateau" }

    public func checkpointState(model: any Layer) -> CallbackState {
        CallbackState(values: ["best": best, "bad_epochs": Double(badEpochs), "cooldown_left": Double(cooldownLeft),
                               "reduction_count": Double(reductionCount)])
    }

    public func restoreState(_ state: CallbackState, model: any Layer) throws {
        guard let savedBest = state.values["best"] else {
            throw DescentError.invalidArgument(name: "\(stateKey) checkpoint state", value: "missing 'best'", expected: "the keys \(state.values.keys.sorted())")
        }
        best = savedBest
        badEpochs = try state.integer("bad_epochs", of: stateKey)
        cooldownLeft = try state.integer("cooldown_left", of: stateKey)
        reductionCount = try state.integer("reduction_count", of: stateKey)
    }
}
