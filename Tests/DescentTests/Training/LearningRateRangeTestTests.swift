import Descent
import Foundation
import Testing

@Suite("Learning-rate range test")
struct LearningRateRangeTestTests {
    @Test func ratesGrowExponentially() throws {
        // 1e-4 · (1 / 1e-4)^(i/4): 1e-4, 1e-3, 1e-2, 1e-1, 1
        let test = try LearningRateRangeTest(startLearningRate: 1e-4, endLearningRate: 1, steps: 5)
        expectClose((0..<5).map(test.learningRate(at:)), [1e-4, 1e-3, 1e-2, 1e-1, 1], relative: 1e-5)
    }

    @Test func recordsSmoothedLossesAndRestoresEverything() throws {
        let problem = TinyProblem(momentum: 0.9)
        let twin = TinyProblem(momentum: 0.9)
        _ = try problem.fit(epochs: 1, callbacks: [])   // give the optimizer some state to restore
        _ = try twin.fit(epochs: 1, callbacks: [])
        let weightsBefore = problem.model.parameters.map(\.parameter.value.scalars)
        let stateBefore = problem.optimizer.checkpoint()

        let test = try LearningRateRangeTest(startLearningRate: 1e-3, endLearningRate: 1, steps: 10, smoothing: 0.9)
        let result = try test.run(problem.trainer, problem.x, problem.y, batchSize: 2)

        #expect(result.losses.count == 10 && result.learningRates.count == 10)
        #expect(result.learningRates == (0..<10).map(test.learningRate(at:)))
        // bias-corrected EMA, β = 0.9: L̃₀ = L₀;  L̃₁ = (0.9·0.1·L₀ + 0.1·L₁) / (1 − 0.81)
        let (l0, l1) = (result.losses[0], result.losses[1])
        #expect(abs(result.smoothedLosses[0] - l0) < 1e-12)
        #expect(abs(result.smoothedLosses[1] - (0.09 * l0 + 0.1 * l1) / 0.19) < 1e-12)
        // the model and the optimizer are as they were
        #expect(problem.model.parameters.map(\.parameter.value.scalars) == weightsBefore)
        let stateAfter = problem.optimizer.checkpoint()
        #expect(stateAfter.step == stateBefore.step && stateAfter.learningRate == stateBefore.learningRate)
        #expect(stateAfter.slots.mapValues { $0.mapValues(\.scalars) } == stateBefore.slots.mapValues { $0.mapValues(\.scalars) })
        #expect(problem.model.isTraining == false)
        // …so that training afterwards is bit-identical to training a twin that never ran the test
        let after = try problem.fit(epochs: 2, callbacks: [])
        let untouched = try twin.fit(epochs: 2, callbacks: [])
        #expect(after.csv == untouched.csv)
        #expect(problem.model.parameters.map(\.parameter.value.scalars) == twin.model.parameters.map(\.parameter.value.scalars))
    }

    @Test func stopsWhenTheLossDiverges() throws {
        let problem = TinyProblem()
        let test = try LearningRateRangeTest(startLearningRate: 1e-3, endLearningRate: 1e4, steps: 200)
        let result = try test.run(problem.trainer, problem.x, problem.y, batchSize: 2)
        #expect(result.didDiverge)
        #expect(result.losses.count < 200)
        #expect(result.stopReason != nil)
    }

    @Test func suggestsARateOnTheSpirals() throws {
        let data = try SyntheticData.make("spirals", samples: 600, seed: 0)
        let model = Sequential.multilayerPerceptron(inputSize: 2, hidden: [32, 32], outputSize: 3, generator: RandomGenerator(seed: 1))
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
                              optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 0.01))
        let result = try LearningRateRangeTest(steps: 200).run(trainer, data.features, data.targets, batchSize: 32)
        let suggested = try #require(result.suggestedLearningRate)
        #expect(suggested > 1e-4 && suggested < 1, "suggested \(suggested)")
        #expect(suggested <= result.minimumLossLearningRate!)
    }

    @Test func rejectsBadSettings() {
        expectInvalidArgument("endLearningRate") { try LearningRateRangeTest(startLearningRate: 1, endLearningRate: 0.1) }
        expectInvalidArgument("startLearningRate") { try LearningRateRangeTest(startLearningRate: 0) }
        expectInvalidArgument("steps") { try LearningRateRangeTest(steps: 1) }
        expectInvalidArgument("smoothing") { try LearningRateRangeTest(smoothing: 1) }
        expectInvalidArgument("divergenceFactor") { try LearningRateRangeTest(divergenceFactor: 1) }
    }
}
