@testable import Descent
import Testing

/// The features `Optimizer` composes around a rule: groups, accumulation, the learning rate,
/// checkpoints.
@Suite struct OptimizerTests {
    @Test func parameterGroupsGetTheirOwnDecayAndLearningRate() {
        // AdamW, λ = 0.5, η = 0.1, g = 3 on both: the Adam step at t = 1 is η·sign(g).
        //   weight: (1 − 0.1·0.5)·1 − 0.1 = 0.85
        //   bias (no decay, rate × 0.5): 1 − 0.05 = 0.95
        let (weight, bias) = (Parameter(Tensor([1])), Parameter(Tensor([1])))
        let optimizer = Optimizer(AdamW(weightDecay: 0.5), parameters: [("0.weight", weight), ("0.bias", bias)], learningRate: 0.1, groups: [
            ParameterGroup("no-decay", learningRateScale: 0.5, weightDecay: WeightDecay.none) { $0.hasSuffix("bias") },
        ])
        weight.gradient = Tensor([3])
        bias.gradient = Tensor([3])
        optimizer.update()
        expectClose(weight.value.scalars, [0.85])
        expectClose(bias.value.scalars, [0.95])
    }

    @Test func firstMatchingGroupWins() {
        let (a, b) = (Parameter(Tensor([1])), Parameter(Tensor([1])))
        let optimizer = Optimizer(SGD(), parameters: [("a", a), ("b", b)], learningRate: 1, groups: [
            ParameterGroup("half", learningRateScale: 0.5) { $0 == "a" },
            ParameterGroup("everything", learningRateScale: 0) { _ in true },
        ])
        a.gradient = Tensor([1]); b.gradient = Tensor([1])
        optimizer.update()
        #expect(a.value.scalars == [0.5] && b.value.scalars == [1])
    }

    @Test func accumulationAppliesTheMeanEveryKBatches() {
        // k = 2, SGD η = 0.1: batches g = 3, 5 ⇒ one step with 4: θ = 1 − 0.4 = 0.6
        let p = Parameter(Tensor([1]))
        let optimizer = Optimizer(SGD(), parameters: [("p", p)], learningRate: 0.1, accumulationSteps: 2)
        p.gradient = Tensor([3]); optimizer.update(); optimizer.zeroGradients()
        #expect(p.value.scalars == [1] && optimizer.step == 0 && optimizer.accumulatedBatches == 1)
        p.gradient = Tensor([5]); optimizer.update()
        expectClose(p.value.scalars, [0.6])
        #expect(optimizer.step == 1 && optimizer.accumulatedBatches == 0)
        #expect(p.gradient!.scalars == [4])
    }

    @Test func accumulatingKBatchesEqualsOneBatchOfTheirMean() {
        let batches: [[Float]] = [[1, -2], [3, 0.5], [-1, 4], [2, 2], [0, 1], [5, -3]]
        let (accumulated, direct) = (Parameter(Tensor([1, 1])), Parameter(Tensor([1, 1])))
        let k3 = Optimizer(Adam(), parameters: [("p", accumulated)], learningRate: 0.1, accumulationSteps: 3)
        let k1 = Optimizer(Adam(), parameters: [("p", direct)], learningRate: 0.1)
        for batch in batches {
            accumulated.gradient = Tensor(batch); k3.update(); k3.zeroGradients()
        }
        for group in [batches[0..<3], batches[3..<6]] {
            let sum = group.reduce([Float](repeating: 0, count: 2)) { [$0[0] + $1[0], $0[1] + $1[1]] }
            direct.gradient = Tensor(sum.map { $0 / 3 }); k1.update()
        }
        expectClose(accumulated.value.scalars, direct.value.scalars)
        #expect(k3.step == 2)
    }

    @Test func frozenParametersAndMissingGradientsAreSkipped() {
        let (frozen, idle) = (Parameter(Tensor([1]), isTrainable: false), Parameter(Tensor([1])))
        let optimizer = Optimizer(Adam(), parameters: [("frozen", frozen), ("idle", idle)], weightDecay: .decoupled(0.5))
        frozen.gradient = Tensor([1])
        optimizer.update()
        #expect(frozen.value.scalars == [1] && idle.value.scalars == [1])
        #expect(optimizer.checkpoint().slots.isEmpty)
    }

    @Test func checkpointHoldsStepLearningRateAndSlotsByPath() {
        let p = Parameter(Tensor([1, 2]))
        let optimizer = Optimizer(Adam(isAMSGrad: true), parameters: [("0.weight", p)], learningRate: 0.1)
        p.gradient = Tensor([1, 1]); optimizer.update()
        optimizer.learningRate = 0.05
        let checkpoint = optimizer.checkpoint()
        #expect(checkpoint.rule == "adam" && checkpoint.step == 1 && checkpoint.learningRate == 0.05)
        #expect(checkpoint.slots["0.weight"]?.keys.sorted() == ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
    }

    @Test func restoreRejectsAnotherRuleAStrangePathAndAWrongShape() {
        let p = Parameter(Tensor([1, 2]))
        let optimizer = Optimizer(Adam(), parameters: [("w", p)])
        func attempt(_ checkpoint: OptimizerCheckpoint) -> Bool {
            do { try optimizer.restore(checkpoint); return false } catch is DescentError { return true } catch { return false }
        }
        let slots = ["exp_avg": Tensor([0, 0]), "exp_avg_sq": Tensor([0, 0])]
        #expect(attempt(OptimizerCheckpoint(rule: "sgd", step: 1, learningRate: 0.1, slots: [:])))
        #expect(attempt(OptimizerCheckpoint(rule: "adam", step: 1, learningRate: 0.1, slots: ["v": slots])))
        #expect(attempt(OptimizerCheckpoint(rule: "adam", step: 1, learningRate: 0.1, slots: ["w": ["exp_avg": Tensor([0])]])))
        #expect(attempt(OptimizerCheckpoint(rule: "adam", step: 1, learningRate: 0.1, slots: [:], accumulatedBatches: 1)))
        #expect(!attempt(OptimizerCheckpoint(rule: "adam", step: 7, learningRate: 0.1, slots: ["w": slots])))
        #expect(optimizer.step == 7)
    }

    @Test func anUpdateCopiesNoStorage() {
        // The value and the state are written in place: the buffers keep their addresses.
        let p = Parameter(Tensor([1, 2, 3]))
        let optimizer = Optimizer(Adam(), parameters: [("p", p)])
        p.gradient = Tensor([1, 1, 1]); optimizer.update()
        let before = p.value.withUnsafeScalars { $0.baseAddress }
        p.gradient = Tensor([1, 1, 1]); optimizer.update()
        #expect(p.value.withUnsafeScalars { $0.baseAddress } == before)
    }
}
