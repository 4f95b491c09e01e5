extension TrainingDiagnostics {
    /// Records the first non-finite value found, once, and stops training.
    func reportNonFinite(_ message: String, _ context: TrainingContext) {
        guard !warnings.contains(where: { $0.kind == .nonFinite }) else { return }
        add(DiagnosticWarning(
            kind: .nonFinite, epoch: context.epoch, message: message,
            advice: "a lower learning rate, gradient clipping, or another initialization (He for ReLU, Glorot for tanh); check the inputs for NaN or huge values"))
        context.stop(StopReason(.nonFinite, "TrainingDiagnostics: \(message)"))
        valuesBeforeUpdate = []
    }

    /// Names where a non-finite loss came from: a non-finite parameter, else the first layer
    /// whose output on the probe is non-finite, else the loss itself (outputs too large for it).
    func locateNonFiniteLoss(_ reason: String, _ context: TrainingContext) -> String {
        let lossText = reason.split(separator: ";").first.map(String.init) ?? reason
        for (path, parameter) in context.model.parameters {
            if let (_, value) = LayerParameters.firstNonFinite([parameter.value]) {
                return "\(lossText): parameter \(path) holds \(value) (the first non-finite parameter in model order)"
            }
        }
        if let probe {
            let outputs = ActivationProbe.outputs(of: context.model, on: probe)
            if let bad = outputs.first(where: { LayerParameters.firstNonFinite([$0.output]) != nil }) {
                return "\(lossText): the output of layer \(bad.layer) \(bad.name) is the first non-finite one on the probe batch"
            }
            if let last = outputs.last {
                let largest = last.output.scalars.map { Swift.abs($0) }.max() ?? 0
                return "\(lossText): every layer output is finite on the probe batch (largest model output \(DiagnosticRules.short(Double(largest)))); the loss overflowed on a training batch"
            }
        }
        return "\(lossText); every parameter is finite, so a layer output or the loss overflowed"
    }

    /// Puts back the last finite weights and asks the checkpoint keeper to keep its checkpoint,
    /// adding both to the warning's advice.
    func recover(warningAt index: Int, _ context: TrainingContext) {
        var warning = warnings[index]
        if restoresLastFiniteWeights, let lastFiniteWeights {
            lastFiniteWeights.restore()
            warning.advice += lastFiniteEpoch == 0
                ? "; the initial weights were restored" : "; the weights after epoch \(lastFiniteEpoch), the last finite ones, were restored"
        }
        if let place = checkpointKeeper?.keepLastGoodCheckpoint(after: warning) {
            warning.advice += "; the last good checkpoint is kept at \(place)"
        }
        warnings[index] = warning
    }
}
