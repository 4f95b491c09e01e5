/// Watches the global gradient norm for explosion.
///
///     per batch:  ‖g‖ > 100 · reference, where the reference is the median of the first five
///                 batches' norms
///     per epoch:  the epoch's mean ‖g‖ ≥ 10 · the smallest earlier epoch mean, while the
///                 training loss spikes above 1.5 · the smallest earlier epoch loss
///
/// Reports the first time either fires.
struct GradientGrowthMonitor {
    private var firstNorms: [Double] = []
    private var smallestEpochNorm = Double.infinity
    private var smallestEpochLoss = Double.infinity
    private(set) var hasFired = false

    private var reference: Double? {
        firstNorms.count < 5 ? nil : firstNorms.sorted()[2]
    }

    mutating func observeBatch(norm: Double, epoch: Int, batch: Int) -> DiagnosticWarning? {
        guard !hasFired, norm.isFinite else { return nil }
        guard let reference else { firstNorms.append(norm); return nil }
        guard norm > 100 * reference else { return nil }
        return fire(epoch: epoch, message: "the gradient norm reached \(DiagnosticRules.short(norm)) at batch \(batch + 1), \(DiagnosticRules.short(norm / reference)) times its early value \(DiagnosticRules.short(reference))")
    }

    mutating func observeEpoch(meanNorm: Double, loss: Double?, epoch: Int) -> DiagnosticWarning? {
        defer {
            smallestEpochNorm = Swift.min(smallestEpochNorm, meanNorm)
            if let loss, loss.isFinite { smallestEpochLoss = Swift.min(smallestEpochLoss, loss) }
        }
        guard !hasFired, meanNorm.isFinite, let loss, meanNorm >= 10 * smallestEpochNorm, loss > 1.5 * smallestEpochLoss else { return nil }
        return fire(epoch: epoch, message: "the mean gradient norm grew to \(DiagnosticRules.short(meanNorm)) (\(DiagnosticRules.short(meanNorm / smallestEpochNorm)) times its smallest epoch mean) while the loss spiked to \(DiagnosticRules.short(loss))")
    }

    private mutating func fire(epoch: Int, message: String) -> DiagnosticWarning {
        hasFired = true
        return DiagnosticWarning(
            kind: .explodingGradients, epoch: epoch, message: message,
            advice: "a lower learning rate, gradient clipping (clip the global norm at about 1), BatchNorm, or a smaller initialization")
    }
}
