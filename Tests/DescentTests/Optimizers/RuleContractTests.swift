@testable import Descent
import Testing

/// Contracts every rule keeps, run over `RuleCase.all`.
@Suite struct RuleContractTests {
    @Test(arguments: RuleCase.all)
    func aZeroGradientChangesNothing(_ rule: RuleCase) {
        // Holds for every rule without weight decay (AdamW and SGDW decay even at g = 0).
        let p = Parameter(Tensor([1.5, -0.5]))
        let optimizer = rule.make([("p", p)], rule.learningRate, WeightDecay.none, 1)
        for _ in 0..<3 {
            p.gradient = Tensor([0, 0])
            optimizer.update()
        }
        #expect(p.value.scalars == [1.5, -0.5])
        #expect(optimizer.step == 3)
    }

    @Test(arguments: RuleCase.all)
    func aQuadraticDecreases(_ rule: RuleCase) {
        let p = Parameter(Tensor([1.5, 1.5]))
        let optimizer = rule.make([("p", p)], rule.learningRate, nil, 1)
        let start = bowl(p.value).value
        descend(optimizer, p, steps: 30)
        let end = bowl(p.value).value
        #expect(end < start, "f went from \(start) to \(end)")
        #expect(end.isFinite)
    }

    @Test(arguments: RuleCase.all)
    func restoringMidRunGivesTheSameTrajectoryBitForBit(_ rule: RuleCase) throws {
        let straight = Parameter(Tensor([1.5, 1.5]))
        let uninterrupted = rule.make([("p", straight)], rule.learningRate, nil, 1)
        descend(uninterrupted, straight, steps: 8)

        let first = Parameter(Tensor([1.5, 1.5]))
        let before = rule.make([("p", first)], rule.learningRate, nil, 1)
        descend(before, first, steps: 4)
        let checkpoint = before.checkpoint()
        let resumed = Parameter(first.value)
        let after = rule.make([("p", resumed)], 123, nil, 1)
        try after.restore(checkpoint)
        #expect(after.step == 4 && after.learningRate == rule.learningRate)
        descend(after, resumed, steps: 4)
        #expect(resumed.value.scalars == straight.value.scalars)
    }

    @Test(arguments: RuleCase.all)
    func restoringMidAccumulationGivesTheSameTrajectory(_ rule: RuleCase) throws {
        let straight = Parameter(Tensor([1.5, 1.5]))
        let uninterrupted = rule.make([("p", straight)], rule.learningRate, nil, 3)
        descend(uninterrupted, straight, steps: 10)

        let first = Parameter(Tensor([1.5, 1.5]))
        let before = rule.make([("p", first)], rule.learningRate, nil, 3)
        descend(before, first, steps: 5)
        let resumed = Parameter(first.value)
        let after = rule.make([("p", resumed)], rule.learningRate, nil, 3)
        try after.restore(before.checkpoint())
        descend(after, resumed, steps: 5)
        #expect(resumed.value.scalars == straight.value.scalars)
        #expect(after.step == 3)
    }
}
