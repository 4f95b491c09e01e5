import Descent
import Testing

/// Reduce-on-plateau, epoch by epoch, in PyTorch's and Keras' counting.
@Suite("ReduceLROnPlateau")
struct ReduceLROnPlateauTests {
    /// Feeds `values` one epoch at a time from η = 1 and returns the rate after each epoch.
    func rates(_ plateau: ReduceLROnPlateau, _ values: [Double]) -> [Float] {
        var rate: Float = 1
        return values.map { rate = plateau.record($0, learningRate: rate); return rate }
    }

    @Test func pytorchRelativeThresholdAndPatience() throws {
        // patience 2, threshold 0.1 relative: an improvement must beat best · 0.9
        let plateau = try ReduceLROnPlateau(factor: 0.5, patience: 2, threshold: 0.1)
        let result = rates(plateau, [
            10,    // best 10
            9.5,   // 9.5 ≥ 9: bad 1
            9.1,   // bad 2 (not > patience yet)
            9.0,   // 9.0 ≥ 9: bad 3 > 2 → η = 0.5, bad 0
            8.0,   // 8 < 9: best 8
        ])
        #expect(result == [1, 1, 1, 0.5, 0.5])
        #expect(plateau.best == 8 && plateau.reductionCount == 1)
    }

    @Test func kerasAbsoluteThresholdReducesOneEpochSooner() throws {
        // Keras: min_delta 0.5 absolute, patience 2, reduce when wait ≥ patience
        let plateau = try ReduceLROnPlateau(factor: 0.5, patience: 2, threshold: 0.5, thresholdMode: .absolute, convention: .keras)
        let result = rates(plateau, [
            10,    // best 10
            9.6,   // 9.6 ≥ 9.5: wait 1
            9.5,   // 9.5 is not < 9.5: wait 2 ≥ 2 → η = 0.5, wait 0
            9.4,   // 9.4 < 10 − 0.5: best 9.4
            9.0,   // 9.0 ≥ 8.9: wait 1
        ])
        #expect(result == [1, 1, 0.5, 0.5, 0.5])
        #expect(plateau.best == 9.4 && plateau.badEpochs == 1)
    }

    @Test func cooldownInBothConventions() throws {
        let flat = [Double](repeating: 1, count: 7)
        // PyTorch, patience 1, cooldown 2: reduce at epoch 3 (bad 2 > 1), cooldown epochs 4 and 5
        // reset the count, epochs 6 and 7 count again → reduce at 7
        let pytorch = try ReduceLROnPlateau(factor: 0.5, patience: 1, threshold: 0, cooldown: 2)
        #expect(rates(pytorch, flat) == [1, 1, 0.5, 0.5, 0.5, 0.5, 0.25])
        // Keras: reduce at 2 (wait 1 ≥ 1); epoch 3 in cooldown; at 4 the counter reaches 0 first,
        // so epoch 4 counts → reduce at 4, then at 6
        let keras = try ReduceLROnPlateau(factor: 0.5, patience: 1, threshold: 0, thresholdMode: .absolute, cooldown: 2, convention: .keras)
        #expect(rates(keras, flat) == [1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125])
    }

    @Test func minimumLearningRateIsAFloor() throws {
        // factor 0.1, η_min 0.05, patience 0: 1 → 0.1 → max(0.01, 0.05) = 0.05 → no further change
        let plateau = try ReduceLROnPlateau(factor: 0.1, patience: 0, threshold: 0, minimumLearningRate: 0.05)
        #expect(rates(plateau, [1, 1, 1, 1, 1]) == [1, 0.1, 0.05, 0.05, 0.05])
        #expect(plateau.reductionCount == 2)
        let keras = try ReduceLROnPlateau(factor: 0.1, patience: 1, threshold: 0, minimumLearningRate: 0.05, convention: .keras)
        #expect(rates(keras, [1, 1, 1, 1]) == [1, 0.1, 0.05, 0.05])
        #expect(keras.reductionCount == 2)
    }

    @Test func maxModeForAccuracy() throws {
        // mode max, threshold 0.1 relative: an improvement must beat best · 1.1
        let plateau = try ReduceLROnPlateau(monitor: .validationAccuracy, mode: .max, factor: 0.5, patience: 1, threshold: 0.1)
        #expect(rates(plateau, [0.5, 0.6, 0.6, 0.6]) == [1, 1, 1, 0.5])   // 0.6 > 0.55; then 0.6 ≤ 0.66 twice
    }

    @Test func drivesTheTrainerFromAnEpochMetric() throws {
        let problem = TinyProblem(learningRate: 0.1)
        let plateau = try ReduceLROnPlateau(monitor: "score", factor: 0.5, patience: 1, threshold: 0)
        let feeder = MetricFeeder("score", [3, 2, 2, 2, 1, 1])
        let spy = LearningRateSpy()
        let history = try problem.fit(epochs: 6, callbacks: [feeder, plateau, spy])
        // epoch 4: bad 2 > 1 → 0.05 from epoch 5; epoch 6: bad 1. The lr column shows the rate the epoch used.
        expectClose(csvColumn(history.csv, "lr").map(Float.init), [0.1, 0.1, 0.1, 0.1, 0.05, 0.05])
        #expect(spy.rates.suffix(8) == [Float](repeating: 0.05, count: 8))
        #expect(problem.optimizer.learningRate == 0.05)
    }

    @Test func missingMonitoredKeyStopsTraining() throws {
        let problem = TinyProblem()
        let history = try problem.fit(epochs: 5, callbacks: [ReduceLROnPlateau()])
        #expect(history.epochs.count == 1)
        #expect(history.stopReason?.message.contains("'val_loss'") == true)
    }

    @Test func rejectsBadSettings() {
        expectInvalidArgument("factor") { try ReduceLROnPlateau(factor: 1) }
        expectInvalidArgument("factor") { try ReduceLROnPlateau(factor: 0) }
        expectInvalidArgument("patience") { try ReduceLROnPlateau(patience: -1) }
        expectInvalidArgument("cooldown") { try ReduceLROnPlateau(cooldown: -1) }
        expectInvalidArgument("threshold") { try ReduceLROnPlateau(threshold: -0.1) }
        expectInvalidArgument("minimumLearningRate") { try ReduceLROnPlateau(minimumLearningRate: -1) }
    }

    @Test func defaultsArePyTorchs() throws {
        let plateau = try ReduceLROnPlateau()
        #expect(plateau.monitor == .validationLoss && plateau.mode == .min && plateau.factor == 0.1 && plateau.patience == 10)
        #expect(plateau.threshold == 1e-4 && plateau.thresholdMode == .relative && plateau.cooldown == 0)
        #expect(plateau.minimumLearningRate == 0 && plateau.convention == .pytorch)
    }
}
