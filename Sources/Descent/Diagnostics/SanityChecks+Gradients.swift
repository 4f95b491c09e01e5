extension SanityChecks {
    /// Backward versus central finite differences for every trainable parameter, on
    /// `gradientCheckSamples` training samples in evaluation mode (dropout off).
    ///
    /// The checked function is the model's output projected on a random direction (see
    /// `gradientCheck`), not the loss: at initialization the loss's gradients are tiny next to
    /// the loss itself, below what Float32 differences resolve. Coordinates where the forward
    /// and the backward difference quotients disagree by more than 1 % straddle a kink (a ReLU
    /// switching, a max changing) or strong curvature; they are left out of the verdict and
    /// counted. The layer with the worst remaining relative error is named.
    func modelGradientCheck(_ trainer: Trainer, _ x: Tensor, _ y: Tensor) -> SanityCheckResult {
        let rows = Self.rows(gradientCheckSamples, of: x.shape[0], spread: true)
        let xs = x.gathering(rows: rows)
        let model = trainer.model
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        let trainable = model.parameters.filter(\.parameter.isTrainable).map { ($0.path, $0.parameter) }
        let step: Float = 1e-2
        let check = { (step: Float, method: FiniteDifference) in
            gradientCheck(trainable, step: step, tolerance: self.gradientCheckTolerance,
                          coordinatesPerParameter: self.gradientCheckCoordinates, method: method) { model(xs) }
        }
        let central = check(step, .central), forward = check(step, .forward), backward = check(-step, .forward)
        guard !central.entries.isEmpty else {
            return SanityCheckResult(name: "gradient-check", status: .skipped, message: "the model has no trainable parameters")
        }
        var worstByLayer: [String: GradientCheckReport.Entry] = [:]
        var kinks = 0
        for ((entry, ahead), behind) in zip(zip(central.entries, forward.entries), backward.entries) {
            if Swift.abs(ahead.numeric - behind.numeric) > 0.01 * Swift.max(Swift.abs(ahead.numeric), Swift.abs(behind.numeric), 1e-6) {
                kinks += 1
                continue
            }
            let layer = Self.layer(of: entry.parameter)
            if entry.error >= (worstByLayer[layer]?.error ?? -1) { worstByLayer[layer] = entry }
        }
        let checked = central.entries.count - kinks
        guard let worst = worstByLayer.values.max(by: { $0.error < $1.error }) else {
            return SanityCheckResult(name: "gradient-check", status: .warning, message: "all \(kinks) sampled coordinates sit at kinks; rerun with other samples")
        }
        let names = Dictionary(LayerParameters.groups(of: model).map { ($0.layer, $0.name) }, uniquingKeysWith: { a, _ in a })
        let layer = Self.layer(of: worst.parameter)
        let worstText = "worst layer \(layer) \(names[layer] ?? layer): relative error \(Self.format(worst.error)) at \(worst.parameter)[\(worst.index)] (backward \(Self.format(worst.analytic)), finite differences \(Self.format(worst.numeric)))"
        let counts = "\(checked) coordinates on \(rows.count) samples, \(kinks) more left out at kinks"
        var measured = worstByLayer.reduce(into: ["worst_error": worst.error]) { $0["layer \($1.key)"] = $1.value.error }
        measured["kinks"] = Double(kinks)
        guard worst.error > gradientCheckTolerance else {
            return SanityCheckResult(name: "gradient-check", status: .passed, message: "backward agrees with finite differences (\(counts)); \(worstText)", measured: measured)
        }
        return SanityCheckResult(
            name: "gradient-check", status: .failed,
            message: "backward disagrees with finite differences beyond \(Self.format(gradientCheckTolerance)) (\(counts)): \(worstText); check the pullbacks of custom operations in or above that layer",
            measured: measured)
    }

    /// `"0"` for `"0.weight"`.
    static func layer(of path: String) -> String { path.split(separator: ".").dropLast().joined(separator: ".") }
}
