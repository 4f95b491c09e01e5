import Foundation

/// Checks to run before a long training run, the ones a course says to run by hand
/// (Karpathy's "recipe for training neural networks"):
///
///     initial-loss    with random weights, softmax cross-entropy over K classes starts near
///                     ln K (2.30 for 10), binary cross-entropy near ln 2; far off means a bug in
///                     the output layer, the loss or the labels
///     gradient-check  backward versus central finite differences on a few samples, with the
///                     worst layer named
///     overfit-batch   the model, with its own optimizer, drives the loss near zero on ~20
///                     samples; if not: capacity, learning rate or wiring
///     data-…          aligned and finite values, labels in range, standardized features, the
///                     same class balance (and feature means) in training and validation
///
/// Each check leaves the model and the optimizer as it found them (weights, running
/// statistics and optimizer state are put back); random generators inside layers (dropout)
/// advance.
///
/// ```swift
/// let report = SanityChecks().run(trainer, x, y, validationData: (xv, yv))
/// print(report)
/// ```
public struct SanityChecks: Sendable {
    public var checksInitialLoss = true
    public var checksGradients = true
    public var checksOverfitting = true
    public var checksData = true
    /// `initial-loss` fails when |L₀ / expected − 1| exceeds this.
    public var initialLossTolerance = 0.3
    /// Samples for the gradient check (few: finite differences cost two forward passes per coordinate).
    public var gradientCheckSamples = 4
    /// Coordinates sampled per parameter tensor.
    public var gradientCheckCoordinates = 12
    /// `gradient-check` fails when the worst relative error exceeds this.
    public var gradientCheckTolerance = 1e-2
    /// Samples of the batch to overfit, spread evenly over the training data.
    public var overfitSamples = 20
    /// Full-batch optimizer steps on them.
    public var overfitSteps = 300
    /// `overfit-batch` passes when the final loss is below this fraction of max(initial loss, 1).
    public var overfitLossFraction = 0.05

    public init() {}

    /// Runs the enabled checks. `trainer` supplies the model, the loss and the optimizer.
    public func run(_ trainer: Trainer, _ x: Tensor, _ y: Tensor, validationData: (Tensor, Tensor)? = nil) -> SanityReport {
        var results: [SanityCheckResult] = []
        if checksData {
            results += dataChecks(trainer, x, y, validationData: validationData)
            // Misaligned or out-of-range data would trap inside the model or the loss.
            if results.contains(where: { $0.status == .failed && ["data-values", "data-labels"].contains($0.name) }) {
                return SanityReport(results: results)
            }
        }
        if checksInitialLoss { results.append(initialLoss(trainer, x, y)) }
        if checksGradients { results.append(modelGradientCheck(trainer, x, y)) }
        if checksOverfitting { results.append(overfitBatch(trainer, x, y)) }
        return SanityReport(results: results)
    }

    /// The first `count` rows, or `count` rows spread evenly over the data.
    static func rows(_ count: Int, of n: Int, spread: Bool) -> [Int] {
        let k = Swift.min(count, n)
        return spread ? (0..<k).map { $0 * n / k } : Array(0..<k)
    }

    static func format(_ value: Double) -> String { DiagnosticRules.short(value) }
}
