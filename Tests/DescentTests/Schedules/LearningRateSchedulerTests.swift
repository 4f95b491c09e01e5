import Descent
import Testing

/// The scheduler callbacks driving a real `Trainer.fit` (4 updates per epoch).
@Suite("Learning-rate and momentum scheduler callbacks")
struct LearningRateSchedulerTests {
    @Test func perStepScheduleMovesTheLearningRateColumn() throws {
        let problem = TinyProblem()
        // η = 0.1 · 0.5^⌊t/4⌋: one halving per epoch of 4 updates
        let schedule = try StepDecay(initialLearningRate: 0.1, stepSize: 4, gamma: 0.5)
        let spy = LearningRateSpy()
        let history = try problem.fit(epochs: 3, callbacks: [LearningRateScheduler(schedule), spy])
        #expect(spy.rates == [Float](repeating: 0.1, count: 4) + [Float](repeating: 0.05, count: 4) + [Float](repeating: 0.025, count: 4))
        #expect(csvColumn(history.csv, "lr") == [Double(Float(0.1)), Double(Float(0.05)), Double(Float(0.025))])
        #expect(problem.optimizer.step == 12)
    }

    @Test func perStepWarmupLogsTheLastUpdateOfEachEpoch() throws {
        let problem = TinyProblem()
        // warm-up over 4 updates from 0 to 0.2, then a linear decay to 0 over 8 updates
        let schedule = try PolynomialDecay(initialLearningRate: 0.2, totalSteps: 8).withWarmup(steps: 4)
        let spy = LearningRateSpy()
        let history = try problem.fit(epochs: 3, callbacks: [LearningRateScheduler(schedule), spy])
        #expect(spy.rates == (0..<12).map { schedule($0) })
        // epoch e logs the rate of update 4e − 1: warm-up 0.2·¾ = 0.15, then 0.2·(1 − 3/8) = 0.125, then 0.2·(1 − 7/8) = 0.025
        expectClose(csvColumn(history.csv, "lr").map(Float.init), [0.15, 0.125, 0.025])
    }

    @Test func perEpochScheduleHoldsDuringEachEpoch() throws {
        let problem = TinyProblem()
        let schedule = try StepDecay.halving(initialLearningRate: 0.1)
        let spy = LearningRateSpy()
        let history = try problem.fit(epochs: 3, callbacks: [LearningRateScheduler(schedule, granularity: .epoch), spy])
        #expect(spy.rates == [Float](repeating: 0.1, count: 4) + [Float](repeating: 0.05, count: 4) + [Float](repeating: 0.025, count: 4))
        #expect(history.values(.learningRate) == [0.1, 0.05, 0.025].map { Double(Float($0)) })
    }

    @Test func scheduleContinuesFromTheOptimizerStep() throws {
        let problem = TinyProblem()
        let schedule = try StepDecay(initialLearningRate: 0.1, stepSize: 4, gamma: 0.5)
        _ = try problem.fit(epochs: 1, callbacks: [LearningRateScheduler(schedule)])
        let spy = LearningRateSpy()
        _ = try problem.fit(epochs: 1, callbacks: [LearningRateScheduler(schedule), spy])
        #expect(spy.rates == [Float](repeating: 0.05, count: 4), "a second fit resumes at t = 4")
    }

    @Test func withAccumulationTheScheduleAdvancesPerAppliedUpdate() throws {
        let problem = TinyProblem()
        let optimizer = Optimizer(SGD(), parameters: problem.model.parameters, learningRate: 0.1, accumulationSteps: 2)
        let trainer = Trainer(model: problem.model, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
        // η = 0.1 · 0.5^⌊t/2⌋ with t = applied updates: 2 mini-batches per update, 4 per epoch
        let schedule = try StepDecay(initialLearningRate: 0.1, stepSize: 2, gamma: 0.5)
        let spy = LearningRateSpy()
        let history = try trainer.fit(problem.x, problem.y, epochs: 2, batchSize: 2, shuffle: false, verbosity: .silent,
                                      callbacks: [LearningRateScheduler(schedule), spy])
        #expect(spy.rates == [Float](repeating: 0.1, count: 4) + [Float](repeating: 0.05, count: 4))
        #expect(optimizer.step == 4)
        // per epoch, t counts epochs whatever the accumulation
        let perEpoch = LearningRateSpy()
        _ = try trainer.fit(problem.x, problem.y, epochs: 2, batchSize: 2, shuffle: false, verbosity: .silent,
                            callbacks: [LearningRateScheduler(StepDecay.halving(initialLearningRate: 0.1), granularity: .epoch), perEpoch])
        #expect(perEpoch.rates == [Float](repeating: 0.1, count: 4) + [Float](repeating: 0.05, count: 4))
        #expect(history.values(.learningRate) == [0.1, 0.05].map { Double(Float($0)) })
    }

    @Test func oneCycleDrivesSGDMomentumToo() throws {
        let problem = TinyProblem(momentum: 0.9)
        let cycle = try OneCycle(maximumLearningRate: 0.5, totalSteps: 12, warmupFraction: 0.25)  // peak at 0.25·12 − 1 = 2
        let spy = MomentumSpy()
        let history = try problem.fit(epochs: 3, callbacks: [LearningRateScheduler(cycle), MomentumScheduler(cycle.momentum), spy])
        #expect(spy.momenta == (0..<12).map { cycle.momentumValue(at: $0) })
        #expect(spy.momenta.min() == 0.85 && spy.momenta.first == 0.95)  // the trough at the rate's peak
        #expect(history.values(MomentumScheduler.metricKey).compactMap { $0 } == [4, 8, 12].map { Double(cycle.momentumValue(at: $0 - 1)) })
        #expect(history.values(.learningRate).compactMap { $0 } == [4, 8, 12].map { Double(cycle($0 - 1)) })
        #expect(problem.optimizer.rule.momentum == cycle.momentumValue(at: 11))
    }

    @Test func momentumSchedulerMovesAdamsBeta1() throws {
        let problem = TinyProblem()
        let optimizer = Optimizer(Adam(), parameters: problem.model.parameters, learningRate: 0.01)
        let trainer = Trainer(model: problem.model, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
        let schedule = try PiecewiseConstantDecay(boundaries: [4], values: [0.9, 0.8])
        let spy = MomentumSpy()
        _ = try trainer.fit(problem.x, problem.y, epochs: 2, batchSize: 2, shuffle: false, verbosity: .silent,
                            callbacks: [MomentumScheduler(schedule), spy])
        #expect(spy.momenta == [Float](repeating: 0.9, count: 4) + [Float](repeating: 0.8, count: 4))
        #expect(optimizer.rule.beta1 == 0.8)
    }

    @Test func momentumSchedulerStopsWhenTheOptimizerCannotTakeIt() throws {
        let problem = TinyProblem()
        let optimizer = Optimizer(Lion(), parameters: problem.model.parameters)
        let trainer = Trainer(model: problem.model, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
        let history = try trainer.fit(problem.x, problem.y, epochs: 3, batchSize: 2, verbosity: .silent,
                                      callbacks: [MomentumScheduler(ConstantSchedule(learningRate: 0.9))])
        #expect(history.epochs.isEmpty)
        #expect(history.stopReason?.message.contains("MomentumAdjustable") == true)
    }
}

/// Records μ or β₁ as used by each update.
final class MomentumSpy: Callback {
    var momenta: [Float] = []
    func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) {
        momenta.append((context.optimizer as! any MomentumAdjustable).momentumValue)
    }
}
