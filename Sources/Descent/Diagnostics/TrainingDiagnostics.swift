import Foundation

/// Opt-in health measurements of a training run, per layer and epoch, with warnings that say
/// what to try. Cheap enough to leave on: one pass over the gradients per batch, a copy of the
/// weights every `updateRatioInterval` batches, and one forward pass of a probe batch per epoch.
///
/// Measured (see `LayerDiagnostics`): gradient norm, weight norm, update/weight ratio,
/// activation mean and standard deviation, dead ReLU and saturated sigmoid/tanh units. Warned
/// about (see `DiagnosticRules` and `DiagnosticWarning.Kind`): vanishing and exploding
/// gradients, non-finite values, overfitting, underfitting, dead and saturated layers.
///
/// Gradients are read in `gradientsDidCompute`, after `backward()` and before the update; the
/// update ratio compares the weights before and after the optimizer's step. When a gradient or
/// a parameter becomes NaN or infinite, training stops with a reason that names the first
/// parameter (in model order) that went non-finite; when the loss itself does, the probe is
/// run layer by layer to name the first layer whose output is non-finite. Then the weights of
/// the last epoch that ended finite are put back (`restoresLastFiniteWeights`) and the
/// `checkpointKeeper` is asked to keep the last good checkpoint.
///
/// ```swift
/// let diagnostics = TrainingDiagnostics(probe: x.slice(alongAxis: 0, 0..<256), folder: runFolder)
/// try trainer.fit(x, y, epochs: 50, callbacks: [diagnostics])
/// diagnostics.warnings.forEach { print($0) }
/// ```
public final class TrainingDiagnostics: Callback {
    /// Inputs whose activations are measured at the end of each epoch (a few hundred samples).
    public let probe: Tensor?
    /// Where `diagnostics.csv` and `diagnostics.json` are written after every epoch; nil for none.
    public let folder: URL?
    /// The loss of an uninformed model (ln K, Var(y)), for the underfitting rule.
    public var baselineLoss: Double?
    /// Print each warning when it first appears.
    public var isVerbose: Bool
    /// The update ratio is measured on batches 1, 1 + n, 1 + 2n, … of each epoch (it copies the
    /// weights); gradient norms on every batch.
    public var updateRatioInterval = 10
    /// Put back the last finite weights when training goes non-finite.
    public var restoresLastFiniteWeights = true
    /// Asked to keep the last good checkpoint when training goes non-finite.
    public var checkpointKeeper: (any LastGoodCheckpointKeeping)?

    /// Every layer's measurements, epoch after epoch.
    public private(set) var records: [LayerDiagnostics] = []
    /// Warnings in the order they appeared.
    public internal(set) var warnings: [DiagnosticWarning] = []
    /// Warnings printed during training that no longer held at its end.
    public internal(set) var withdrawnWarnings: [DiagnosticWarning] = []
    /// Activation histograms after the first and after the latest epoch.
    public private(set) var firstHistograms: [ActivationHistogram] = []
    public private(set) var latestHistograms: [ActivationHistogram] = []

    private var groups: [LayerParameters] = []
    private var gradientNormSums: [Double] = []
    private var updateRatioSums: [Double] = []
    private var gradientBatches = 0
    private var updateBatches = 0
    var valuesBeforeUpdate: [[Tensor]] = []
    private var growth = GradientGrowthMonitor()
    var lastFiniteWeights: ParameterSnapshot?
    var lastFiniteEpoch = 0

    public init(probe: Tensor? = nil, folder: URL? = nil, baselineLoss: Double? = nil, isVerbose: Bool = true) {
        self.probe = probe
        self.folder = folder
        self.baselineLoss = baselineLoss
        self.isVerbose = isVerbose
    }

    /// The records of one epoch, in model order.
    public func records(forEpoch epoch: Int) -> [LayerDiagnostics] { records.filter { $0.epoch == epoch } }

    public func trainingWillBegin(_ context: TrainingContext) {
        groups = LayerParameters.groups(of: context.model)
        (records, warnings, withdrawnWarnings, firstHistograms, latestHistograms) = ([], [], [], [], [])
        growth = GradientGrowthMonitor()
        lastFiniteWeights = ParameterSnapshot(of: context.model)
        lastFiniteEpoch = 0
    }

    public func epochWillBegin(_ epoch: Int, _ context: TrainingContext) {
        gradientNormSums = Array(repeating: 0, count: groups.count)
        updateRatioSums = gradientNormSums
        (gradientBatches, updateBatches) = (0, 0)
    }

    public func gradientsDidCompute(_ batch: Int, _ context: TrainingContext) {
        var total = 0.0
        for (index, group) in groups.enumerated() {
            let gradients = group.parameters.map { $0.parameter.gradient ?? .zeros(like: $0.parameter.value) }
            let (squares, isFinite) = LayerParameters.sumOfSquares(gradients)
            if !isFinite, let (bad, value) = LayerParameters.firstNonFinite(gradients) {
                reportNonFinite("the gradient of \(group.parameters[bad].path) became \(value) at epoch \(context.epoch), batch \(batch + 1) (the first non-finite gradient in model order)", context)
                return
            }
            gradientNormSums[index] += squares.squareRoot()
            total += squares
        }
        gradientBatches += 1
        if let warning = growth.observeBatch(norm: total.squareRoot(), epoch: context.epoch, batch: batch) { add(warning) }
        if batch % updateRatioInterval == 0 { valuesBeforeUpdate = groups.map { $0.parameters.map(\.parameter.value) } }
    }

    public func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) {
        guard valuesBeforeUpdate.count == groups.count else { return }
        defer { valuesBeforeUpdate = [] }
        for (index, group) in groups.enumerated() {
            let after = group.parameters.map(\.parameter.value)
            let step = LayerParameters.squaredDistance(after, valuesBeforeUpdate[index]).squareRoot()
            if !step.isFinite, let (bad, value) = LayerParameters.firstNonFinite(after) {
                reportNonFinite("parameter \(group.parameters[bad].path) became \(value) in the update of epoch \(context.epoch), batch \(batch + 1) (the first non-finite parameter in model order)", context)
                return
            }
            let weight = LayerParameters.sumOfSquares(valuesBeforeUpdate[index]).sum.squareRoot()
            updateRatioSums[index] += weight > 0 ? step / weight : 0
        }
        updateBatches += 1
    }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        let epochRecords = measure(epoch: report.epoch, model: context.model)
        records += epochRecords
        if !warnings.contains(where: { $0.kind == .vanishingGradients }), let warning = DiagnosticRules.vanishingGradients(epochRecords) { add(warning) }
        for warning in DiagnosticRules.stuckUnits(epochRecords) where !warnings.contains(where: { $0.kind == warning.kind }) {
            add(warning)  // the first layer of each kind
        }
        // The epoch's global norm, from the layers' mean norms.
        let epochNorm = epochRecords.compactMap(\.gradientNorm).reduce(0) { $0 + $1 * $1 }.squareRoot()
        if let warning = growth.observeEpoch(meanNorm: epochNorm, loss: report[.loss], epoch: report.epoch) { add(warning) }
        var history = context.history
        history.epochs.append(report)
        if !warnings.contains(where: { $0.kind == .overfitting }), let warning = DiagnosticRules.overfitting(history) { add(warning) }
        // Huge but finite weights can make the loss overflow: an epoch cut short by a
        // non-finite loss, or ending with a non-finite metric, does not count as finite.
        if TrainingCheckpointer.isFinite(report, context),
           context.model.parameters.allSatisfy({ LayerParameters.firstNonFinite([$0.parameter.value]) == nil }) {
            lastFiniteWeights = ParameterSnapshot(of: context.model)
            lastFiniteEpoch = report.epoch
        }
        writeFiles(context)
    }

    public func trainingDidEnd(_ context: TrainingContext) {
        if let reason = context.stopReason, reason.kind == .nonFinite, !warnings.contains(where: { $0.kind == .nonFinite }) {
            reportNonFinite(locateNonFiniteLoss(reason.message, context), context)
        }
        if let index = warnings.firstIndex(where: { $0.kind == .nonFinite }) { recover(warningAt: index, context) }
        // A rise seen during training may have reversed since: keep the verdict on the whole run.
        if let index = warnings.firstIndex(where: { $0.kind == .overfitting }) {
            if let current = DiagnosticRules.overfitting(context.history) { warnings[index] = current } else { withdrawnWarnings.append(warnings.remove(at: index)) }
        }
        if let warning = DiagnosticRules.underfitting(context.history, baselineLoss: baselineLoss) { add(warning) }
        writeFiles(context)
    }

    func add(_ warning: DiagnosticWarning) {
        warnings.append(warning)
        if isVerbose { print(warning) }
    }

    /// The records of one epoch: parameters by layer, merged with the probe's measurements.
    private func measure(epoch: Int, model: any Layer) -> [LayerDiagnostics] {
        var byLayer: [String: LayerDiagnostics] = [:]
        var order: [String] = []
        for (index, group) in groups.enumerated() {
            var record = LayerDiagnostics(epoch: epoch, layer: group.layer, name: group.name)
            record.gradientNorm = gradientBatches > 0 ? gradientNormSums[index] / Double(gradientBatches) : nil
            record.updateRatio = updateBatches > 0 ? updateRatioSums[index] / Double(updateBatches) : nil
            record.weightNorm = LayerParameters.sumOfSquares(group.parameters.map(\.parameter.value)).sum.squareRoot()
            byLayer[group.layer] = record
            order.append(group.layer)
        }
        var histograms: [ActivationHistogram] = []
        for measurement in probe.map({ ActivationProbe.outputs(of: model, on: $0) }) ?? [] {
            var record = byLayer[measurement.layer] ?? LayerDiagnostics(epoch: epoch, layer: measurement.layer, name: measurement.name)
            ActivationProbe.describe(measurement, into: &record)
            if byLayer[measurement.layer] == nil {
                let next = order.firstIndex { Self.precedes(measurement.layer, $0) } ?? order.count
                order.insert(measurement.layer, at: next)
            }
            byLayer[measurement.layer] = record
            histograms.append(ActivationHistogram(epoch: epoch, layer: measurement.layer, name: measurement.name, values: measurement.output.scalars))
        }
        if firstHistograms.isEmpty { firstHistograms = histograms }
        latestHistograms = histograms
        return order.map { byLayer[$0]! }
    }

    /// Model order of layer paths: "2" before "10", "1.3" before "2".
    static func precedes(_ a: String, _ b: String) -> Bool {
        let (x, y) = (a.split(separator: ".").map { Int($0) ?? 0 }, b.split(separator: ".").map { Int($0) ?? 0 })
        return x.lexicographicallyPrecedes(y)
    }

    private func writeFiles(_ context: TrainingContext) {
        guard let folder else { return }
        do {
            try DiagnosticsLog(layers: records, warnings: warnings, withdrawnWarnings: withdrawnWarnings, firstHistograms: firstHistograms,
                               latestHistograms: latestHistograms).write(to: folder)
        } catch {
            context.stop(StopReason(.writeFailed, "TrainingDiagnostics: \(error)"))
        }
    }
}
