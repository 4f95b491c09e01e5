@testable import Descent
import Testing

/// Two parameters with gradients [3, 4] (norm 5) and [12] (norm 12): global norm √(25 + 144) = 13.
@Suite struct GradientClippingTests {
    func parameters() -> [Parameter] {
        let a = Parameter(Tensor([0, 0])), b = Parameter(Tensor([0]))
        a.gradient = Tensor([3, 4])
        b.gradient = Tensor([12])
        return [a, b]
    }

    @Test func byValueClampsEachElementAndReturnsThePreClipNorm() {
        let p = parameters()
        #expect(GradientClipping.value(3.5).clip(p) == 13)
        #expect(p[0].gradient!.scalars == [3, 3.5])
        #expect(p[1].gradient!.scalars == [3.5])
    }

    @Test func byNormScalesEachParameterAlone() {
        // ‖[3, 4]‖ = 5 ≤ 10 stays; ‖[12]‖ = 12 > 10 becomes 12·10/12 = 10
        let p = parameters()
        #expect(GradientClipping.norm(10).clip(p) == 13)
        #expect(p[0].gradient!.scalars == [3, 4])
        expectClose(p[1].gradient!.scalars, [10])
    }

    @Test func byGlobalNormScalesEverythingTogether() {
        // c = 6.5: scale = 6.5/(13 + 10⁻⁶) ≈ ½ ⇒ [1.5, 2] and [6]; the direction is kept
        let p = parameters()
        #expect(GradientClipping.globalNorm(6.5).clip(p) == 13)
        expectClose(p[0].gradient!.scalars, [1.5, 2])
        expectClose(p[1].gradient!.scalars, [6])
        #expect(GradientClipping.totalNorm(of: p) < 6.5)
        // Under the threshold nothing changes.
        let q = parameters()
        GradientClipping.globalNorm(20).clip(q)
        #expect(q[0].gradient!.scalars == [3, 4] && q[1].gradient!.scalars == [12])
    }

    @Test func optimizerClipsBeforeItStepsAndRecordsTheNorm() {
        let (a, b) = (Parameter(Tensor([1, 1])), Parameter(Tensor([1])))
        let optimizer = Optimizer(SGD(), parameters: [("a", a), ("b", b)], learningRate: 1, clipping: .globalNorm(6.5))
        #expect(optimizer.gradientNorm == nil)
        a.gradient = Tensor([3, 4])
        b.gradient = Tensor([12])
        optimizer.update()
        // θ − 1·(clipped g): 1 − 1.5, 1 − 2, 1 − 6
        expectClose(a.value.scalars, [-0.5, -1])
        expectClose(b.value.scalars, [-5])
        #expect(optimizer.gradientNorm == 13)
    }

    @Test func clippingComesBeforeCoupledDecay() {
        // g = 12 clipped to 1, then + λθ = 0.5·2: θ = 2 − 0.1·(1 + 1) = 1.8
        let p = Parameter(Tensor([2]))
        let optimizer = Optimizer(SGD(), parameters: [("p", p)], learningRate: 0.1, weightDecay: .coupled(0.5), clipping: .value(1))
        p.gradient = Tensor([12])
        optimizer.update()
        expectClose(p.value.scalars, [1.8])
    }
}
