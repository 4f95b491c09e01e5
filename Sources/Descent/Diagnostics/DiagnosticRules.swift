import Foundation

/// The patterns `TrainingDiagnostics` warns about, as pure functions of what was measured.
///
///     vanishing     0 < ‖g‖ of the first layer with parameters < 10⁻³ · ‖g‖ of the last one
///                   (exactly 0 is a dead layer, reported as dead units)
///     overfitting   val_loss has stayed more than 5 % above its best for the last `patience`
///                   epochs (a lasting rise, not a spike) while the training loss fell below its
///                   value at the best epoch
///     underfitting  after ≥ 5 epochs, the training loss changed by < 1 % over the last quarter of
///                   the run (at least 3 epochs), and both losses are still ≥ ½ · baseline
///                   (ln K for K-class cross-entropy, Var(y) for squared error; the first
///                   epoch's loss when no baseline is given)
///     dead / saturated units   more than half of a layer's units (see `LayerDiagnostics`)
public enum DiagnosticRules {
    public static let vanishingRatio = 1e-3

    /// Vanishing gradients among one epoch's records (layers in model order), if any.
    public static func vanishingGradients(_ records: [LayerDiagnostics]) -> DiagnosticWarning? {
        let norms = records.compactMap { record in record.gradientNorm.map { (record, $0) } }
        guard let first = norms.first, let last = norms.last, norms.count >= 2, last.1 > 0, first.1 > 0, first.1.isFinite,
              first.1 < vanishingRatio * last.1 else { return nil }
        let ratio = first.1 / last.1
        return DiagnosticWarning(
            kind: .vanishingGradients, epoch: first.0.epoch,
            message: "the gradient norm of layer \(first.0.layer) \(first.0.name) is \(short(first.1)), \(short(ratio)) times that of layer \(last.0.layer) \(last.0.name) (\(short(last.1))): early layers barely learn",
            advice: "an initialization matched to the activation (He for ReLU, Glorot for tanh/sigmoid), ReLU-family activations instead of sigmoid/tanh, BatchNorm, or a shallower model")
    }

    /// Dead ReLU and saturated sigmoid/tanh layers among one epoch's records.
    public static func stuckUnits(_ records: [LayerDiagnostics], threshold: Double = 0.5) -> [DiagnosticWarning] {
        records.compactMap { record in
            if let dead = record.deadFraction, dead > threshold {
                return DiagnosticWarning(
                    kind: .deadUnits, epoch: record.epoch,
                    message: "\(percent(dead)) of the units of layer \(record.layer) \(record.name) output 0 for every probe sample (dead ReLUs get no gradient)",
                    advice: "a lower learning rate, He initialization, leaky ReLU or ELU, or standardized inputs")
            }
            if let saturated = record.saturatedFraction, saturated > threshold {
                return DiagnosticWarning(
                    kind: .saturatedUnits, epoch: record.epoch,
                    message: "\(percent(saturated)) of the units of layer \(record.layer) \(record.name) sit in a flat zone of their activation (their gradient is nearly 0)",
                    advice: "standardized inputs, Glorot initialization, smaller initial weights, or BatchNorm before the activation")
            }
            return nil
        }
    }

    /// Overfitting in a history, pointing to the best epoch, if any.
    public static func overfitting(_ history: History, patience: Int = 5) -> DiagnosticWarning? {
        let epochs = history.epochs.filter { $0[.validationLoss]?.isFinite == true && $0[.loss]?.isFinite == true }
        guard let last = epochs.last, let best = epochs.min(by: { $0[.validationLoss]! < $1[.validationLoss]! }),
              last.epoch - best.epoch >= patience else { return nil }
        let (bestValidation, lastValidation) = (best[.validationLoss]!, last[.validationLoss]!)
        let (bestTrain, lastTrain) = (best[.loss]!, last[.loss]!)
        let recent = epochs.suffix(patience).map { $0[.validationLoss]! }
        guard recent.min()! > bestValidation * 1.05, lastTrain < bestTrain else { return nil }
        return DiagnosticWarning(
            kind: .overfitting, epoch: best.epoch,
            message: "val_loss rose from \(short(bestValidation)) at epoch \(best.epoch) to \(short(lastValidation)) at epoch \(last.epoch) while the training loss fell from \(short(bestTrain)) to \(short(lastTrain)): the model overfits from epoch \(best.epoch) on",
            advice: "early stopping with the best weights restored (epoch \(best.epoch)), L2 or dropout, data augmentation, more data, or a smaller model")
    }

    /// Underfitting in a history (both losses high and flat), if any.
    public static func underfitting(_ history: History, baselineLoss: Double? = nil) -> DiagnosticWarning? {
        let losses = history.epochs.compactMap { report in report[.loss].map { (report, $0) } }.filter { $0.1.isFinite }
        guard losses.count >= 5, let baseline = baselineLoss ?? losses.first?.1, baseline > 0 else { return nil }
        let window = Swift.max(3, losses.count / 4)
        let (start, end) = (losses[losses.count - 1 - window], losses[losses.count - 1])
        let change = Swift.abs(start.1 - end.1) / Swift.max(Swift.abs(start.1), 1e-12)
        let validation = end.0[.validationLoss] ?? end.1
        guard change < 0.01, end.1 >= 0.5 * baseline, validation >= 0.5 * baseline else { return nil }
        return DiagnosticWarning(
            kind: .underfitting, epoch: end.0.epoch,
            message: "the training loss (\(short(end.1))) and val_loss (\(short(validation))) are still at least half the baseline \(short(baseline)) and changed by \(percent(change)) over the last \(window) epochs",
            advice: "a larger model, a higher learning rate, more epochs, less regularization, or better features")
    }

    static func short(_ value: Double) -> String {
        value != 0 && (Swift.abs(value) < 1e-3 || Swift.abs(value) >= 1e5) ? String(format: "%.2e", value) : String(format: "%.4g", value)
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.0f %%", fraction * 100) }
}
