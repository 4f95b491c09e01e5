import Foundation

/// What a `LearningRateRangeTest` recorded, and the learning rates it suggests.
public struct LearningRateRangeResult: Sendable {
    /// ηᵢ of each recorded batch.
    public let learningRates: [Float]
    /// The raw loss of each batch.
    public let losses: [Double]
    /// The bias-corrected moving average of the losses.
    public let smoothedLosses: [Double]
    /// Why the test ended: divergence, a non-finite loss, or all rates tried.
    public let stopReason: String?

    /// True when the test stopped because the loss diverged or became non-finite.
    public var didDiverge: Bool { !(stopReason?.hasPrefix("all ") ?? true) }

    /// The rate where the smoothed loss falls fastest against log η (the steepest slope),
    /// ignoring the first 10 and last 5 points, whose smoothing is unreliable
    /// (`pytorch-lr-finder`'s suggestion; Smith picks a rate "where the loss still decreases
    /// quickly"). Nil when fewer than 3 points remain or the loss never falls.
    public var steepestDescentLearningRate: Float? {
        let first = 10, last = smoothedLosses.count - 5
        guard last - first >= 3 else { return nil }
        var bestIndex: Int?
        var bestSlope = 0.0
        for i in (first + 1)..<(last - 1) {
            let run = Foundation.log(Double(learningRates[i + 1])) - Foundation.log(Double(learningRates[i - 1]))
            let slope = (smoothedLosses[i + 1] - smoothedLosses[i - 1]) / run
            if slope < bestSlope { (bestIndex, bestSlope) = (i, slope) }
        }
        return bestIndex.map { learningRates[$0] }
    }

    /// A tenth of the rate at the minimum of the smoothed loss (fast.ai's `lr_min`): the
    /// minimum itself is already too close to divergence. Nil when nothing was recorded.
    public var minimumLossLearningRate: Float? {
        guard let index = smoothedLosses.indices.min(by: { smoothedLosses[$0] < smoothedLosses[$1] }) else { return nil }
        return learningRates[index] / 10
    }

    /// The rate to train with: the steepest-descent rate when there is one, capped at the
    /// minimum-loss rate ÷ 10 (the more conservative of the two).
    public var suggestedLearningRate: Float? {
        switch (steepestDescentLearningRate, minimumLossLearningRate) {
        case let (steepest?, minimum?): return Swift.min(steepest, minimum)
        case let (steepest, minimum): return steepest ?? minimum
        }
    }
}
