import Foundation

/// The learning-rate range test (Smith, 2017, "Cyclical learning rates for training neural
/// networks", §3.3; the "LR finder" of fast.ai and `pytorch-lr-finder`).
///
/// Trains for at most `steps` mini-batches while the learning rate grows exponentially,
/// records the loss of every batch and smooths it, and stops once it diverges:
///
///     ηᵢ = η_start · (η_end / η_start)^(i / (steps − 1))        i = 0 … steps − 1
///     aᵢ = β·aᵢ₋₁ + (1 − β)·Lᵢ,   a₋₁ = 0;   L̃ᵢ = aᵢ / (1 − β^(i+1))   (bias-corrected EMA)
///     stop when L̃ᵢ > divergenceFactor · minⱼ≤ᵢ L̃ⱼ, or when Lᵢ is not finite
///
/// Defaults are fast.ai's (η from 1e-7 to 10, β = 0.98, divergence at 4× the best smoothed
/// loss) with Smith's "a few hundred" batches. The model's parameters (running statistics
/// included), its training flag and the optimizer's state (moments, step count, learning rate,
/// accumulated gradients) are restored afterwards; random generators inside the model (dropout
/// masks) and the trainer's augmentation have moved on. See `LearningRateRangeResult` for the
/// suggested rate.
///
/// ```swift
/// let result = try LearningRateRangeTest().run(trainer, x, y, batchSize: 32)
/// print(result.suggestedLearningRate ?? "no suggestion")
/// ```
public struct LearningRateRangeTest: Sendable {
    public let startLearningRate: Float
    public let endLearningRate: Float
    /// The number of mini-batches (and learning rates) at most.
    public let steps: Int
    /// β of the exponential moving average of the loss.
    public let smoothing: Double
    /// The test stops when the smoothed loss exceeds this multiple of its minimum.
    public let divergenceFactor: Double

    public init(startLearningRate: Float = 1e-7, endLearningRate: Float = 10, steps: Int = 300,
                smoothing: Double = 0.98, divergenceFactor: Double = 4) throws {
        try require(startLearningRate > 0 && startLearningRate.isFinite, "LearningRateRangeTest startLearningRate",
                    startLearningRate, expected: "a finite learning rate > 0")
        try require(endLearningRate > startLearningRate && endLearningRate.isFinite, "LearningRateRangeTest endLearningRate",
                    endLearningRate, expected: "a finite learning rate above the start \(startLearningRate)")
        try require(steps >= 2, "LearningRateRangeTest steps", steps, expected: "an integer ≥ 2")
        try require(smoothing >= 0 && smoothing < 1, "LearningRateRangeTest smoothing", smoothing, expected: "β in [0, 1)")
        try require(divergenceFactor > 1, "LearningRateRangeTest divergenceFactor", divergenceFactor, expected: "a factor > 1, e.g. 4")
        self.startLearningRate = startLearningRate
        self.endLearningRate = endLearningRate
        self.steps = steps
        self.smoothing = smoothing
        self.divergenceFactor = divergenceFactor
    }

    /// ηᵢ, the learning rate of the i-th batch of the test.
    public func learningRate(at index: Int) -> Float {
        let ratio = Double(endLearningRate) / Double(startLearningRate)
        return Float(Double(startLearningRate) * Foundation.pow(ratio, Double(index) / Double(steps - 1)))
    }

    /// Runs the test with `trainer`'s model, loss and optimizer on `(x, y)`, reshuffling every
    /// pass over the data, and restores the model and the optimizer before returning.
    public func run(_ trainer: Trainer, _ x: Tensor, _ y: Tensor, batchSize: Int = 32, seed: UInt64 = 0) throws -> LearningRateRangeResult {
        try require(batchSize >= 1, "batchSize", batchSize, expected: "an integer ≥ 1")
        let batchesPerEpoch = (x.shape.first.map { $0 + batchSize - 1 } ?? 0) / batchSize
        try require(batchesPerEpoch >= 1, "training data", x.shape, expected: "at least one sample")
        let parameters = trainer.model.parameters.map(\.parameter)
        let savedWeights = parameters.map(\.value)
        let savedOptimizer = trainer.optimizer.checkpoint()
        let wasTraining = trainer.model.isTraining
        defer {
            for (parameter, value) in zip(parameters, savedWeights) { parameter.value = value }
            trainer.optimizer.zeroGradients()
            do { try trainer.optimizer.restore(savedOptimizer) } catch {
                preconditionFailure("LearningRateRangeTest: the optimizer rejected its own checkpoint: \(error)")
            }
            if wasTraining { trainer.model.train() } else { trainer.model.eval() }
        }
        let recorder = Recorder(test: self)
        let epochs = (steps + batchesPerEpoch - 1) / batchesPerEpoch
        let history = try trainer.fit(x, y, epochs: epochs, batchSize: batchSize, seed: seed, verbosity: .silent, callbacks: [recorder])
        return LearningRateRangeResult(
            learningRates: Array(recorder.learningRates.prefix(recorder.losses.count)), losses: recorder.losses,
            smoothedLosses: recorder.smoothedLosses, stopReason: recorder.stopReason ?? history.stopReason?.message)
    }

    /// Sets the growing rate before each batch and records the losses.
    private final class Recorder: Callback {
        let test: LearningRateRangeTest
        var learningRates: [Float] = []
        var losses: [Double] = []
        var smoothedLosses: [Double] = []
        var stopReason: String?
        private var average = 0.0

        init(test: LearningRateRangeTest) { self.test = test }

        func batchWillBegin(_ batch: Int, _ context: TrainingContext) {
            let rate = test.learningRate(at: learningRates.count)
            learningRates.append(rate)
            context.optimizer.learningRate = rate
        }

        func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) {
            let β = test.smoothing
            average = β * average + (1 - β) * Double(loss)
            let smoothed = average / (1 - Foundation.pow(β, Double(losses.count + 1)))
            losses.append(Double(loss))
            smoothedLosses.append(smoothed)
            let best = smoothedLosses.min() ?? smoothed
            if smoothed > test.divergenceFactor * best {
                let numbers = [smoothed, test.divergenceFactor, best, Double(learningRates.last ?? 0)].map { String(format: "%.4g", $0) }
                stopReason = "the smoothed loss \(numbers[0]) exceeded \(numbers[1])× its minimum \(numbers[2]) at learning rate \(numbers[3])"
                context.stop(reason: stopReason!)
            } else if losses.count == test.steps {
                context.stop(reason: "all \(test.steps) learning rates tried")
            }
        }
    }
}
