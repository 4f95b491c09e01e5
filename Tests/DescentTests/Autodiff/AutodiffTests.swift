import Descent
import Testing

@Suite struct AutodiffTests {
    @Test func gradientsAccumulateUntilZeroed() {
        let w = Parameter(Tensor([1, 2]))
        (w.tracked * 3).sum().backward()
        #expect(w.gradient?.scalars == [3, 3])
        (w.tracked * w.tracked).sum().backward()  // d/dw w² = 2w = [2, 4]
        #expect(w.gradient?.scalars == [5, 7])
        w.zeroGradient()
        #expect(w.gradient == nil)
    }

    @Test func noGradientModeRecordsNothing() {
        let w = Parameter(Tensor([1, 2]))
        let y = withoutGradients { (w.tracked * 2).sum() }
        #expect(!y.isTracked)
        #expect(GradientMode.isEnabled)
        #expect((w.tracked * 2).sum().isTracked)
    }

    @Test func frozenParametersGetNoGradient() {
        let w = Parameter(Tensor([1, 2])), frozen = Parameter(Tensor([3, 4]), isTrainable: false)
        (w.tracked * frozen.tracked).sum().backward()
        #expect(w.gradient?.scalars == [3, 4])
        #expect(frozen.gradient == nil)
    }

    @Test func sharedParameterGetsTheSumOfItsUses() {
        let w = Parameter(Tensor([2]))
        let y = w.tracked * 3 + w.tracked * w.tracked  // dy/dw = 3 + 2w = 7
        y.backward()
        #expect(w.gradient?.scalars == [7])
    }

    @Test func seedWeightsTheOutputs() {
        let w = Parameter(Tensor([1, 1]))
        (w.tracked * Tensor([2, 3])).backward(seed: Tensor([10, 100]))
        #expect(w.gradient?.scalars == [20, 300])
    }

    @Test func deepChainsDoNotOverflowTheStack() {
        let w = Parameter(Tensor([1]))
        var y = w.tracked
        for _ in 0..<20_000 { y = y + 0.0001 }
        y.backward()
        #expect(w.gradient?.scalars == [1])
    }

    /// The checker must catch a wrong backward: here a "square" whose pullback forgets the 2.
    @Test func gradientCheckCatchesAPlantedBug() {
        let x = randomParameter([6], seed: 1)
        func buggySquare(_ t: Tensor) -> Tensor {
            Tensor.customOperation(t.squared().detached(), inputs: [t]) { g in [g * t.detached()] }  // should be 2·x·g
        }
        let bad = gradientCheck([("x", x)]) { buggySquare(x.tracked) }
        #expect(!bad.passed)
        #expect(bad.worstRelativeError > 0.3)
        let good = gradientCheck([("x", x)]) { x.tracked.squared() }
        #expect(good.passed, "\(good)")
        // The course's forward-difference variant is available and also accepts the right one.
        #expect(gradientCheck([("x", x)], step: 1e-3, tolerance: 5e-2, method: .forward) { x.tracked.squared() }.passed)
    }
}
