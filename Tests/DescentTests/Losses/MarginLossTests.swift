import Descent
import Foundation
import Testing

/// Hinge, SquaredHinge and CategoricalHinge: hand-computed values and gradient checks.
/// Inputs for the gradient checks keep y·ŷ away from the margin 1 (the kink).
@Suite struct MarginLossTests {
    @Test func hingeByHandWithSignedTargets() {
        // y·ŷ = 1·0.5, −1·(−2), 1·(−0.5), −1·0.25 = 0.5, 2, −0.5, −0.25
        // max(0, 1 − y·ŷ) = 0.5, 0, 1.5, 1.25;  mean = 3.25 / 4 = 0.8125
        let scores = Tensor(shape: [4, 1], scalars: [0.5, -2, -0.5, 0.25])
        #expect(Hinge()(scores, Tensor([1, -1, 1, -1])).scalar == 0.8125)
    }

    @Test func hingeReadsZeroOneTargetsAsSigns() {
        // Keras: an all-0/1 batch maps to 2y − 1, so [1, 0, 1, 0] is [1, −1, 1, −1]: 0.8125 again.
        let scores = Tensor(shape: [4, 1], scalars: [0.5, -2, -0.5, 0.25])
        #expect(Hinge()(scores, Tensor([1, 0, 1, 0])).scalar == 0.8125)
        // A batch of all 1s is the same either way: max(0, 1 − 0.5) = 0.5.
        #expect(Hinge()(Tensor([[0.5]]), Tensor([1])).scalar == 0.5)
        // Mixed −1/0/1 is not a 0/1 batch: 0 stays 0, its margin is max(0, 1 − 0) = 1.
        // (max(0, 1 − 0.5) + 1 + max(0, 1 − 2)) / 3 = (0.5 + 1 + 0) / 3 = 0.5
        #expect(abs(Hinge()(Tensor([0.5, 7, -2]), Tensor([1, 0, -1])).scalar - 0.5) < 1e-7)
    }

    @Test func squaredHingeByHand() {
        // Margins as in hingeByHandWithSignedTargets: 0.5, 0, 1.5, 1.25
        // squared: 0.25, 0, 2.25, 1.5625; mean = 4.0625 / 4 = 1.015625
        let scores = Tensor(shape: [4, 1], scalars: [0.5, -2, -0.5, 0.25])
        #expect(SquaredHinge()(scores, Tensor([1, -1, 1, -1])).scalar == 1.015625)
        #expect(SquaredHinge()(scores, Tensor([1, 0, 1, 0])).scalar == 1.015625)
    }

    @Test func hingeGradients() {
        // Scores in ±[0.1, 0.8] ∪ ±[1.3, 2.5]: y·ŷ is never within 0.2 of 1.
        let values: [Float] = [0.3, -1.5, 2.1, -0.6, 0.1, -2.4, 1.4, 0.8]
        let scores = Parameter(Tensor(shape: [8, 1], scalars: values))
        let signs = Tensor(shape: [8, 1], scalars: [1, -1, -1, 1, 1, 1, -1, 1])
        expectGradientsMatch([("scores", scores)], step: 1e-2) { Hinge()(scores.tracked, signs) }
        expectGradientsMatch([("scores", scores)], step: 1e-2) { SquaredHinge()(scores.tracked, signs) }
        // y·ŷ = 0.3, 1.5, −2.1, −0.6, 0.1, −2.4, −1.4, 0.8: ∂L/∂ŷ = −y/8 where y·ŷ < 1 (all
        // rows but row 1), 0 in row 1.
        scores.zeroGradient()
        Hinge()(scores.tracked, signs).backward()
        #expect(scores.gradient!.scalars == [-0.125, 0, 0.125, -0.125, -0.125, -0.125, 0.125, -0.125])
    }

    @Test func categoricalHingeByHand() {
        // Row 0, class 0: pos = 2, neg = max(0, 0.5, −1) = 0.5 → max(0, 0.5 − 2 + 1) = 0
        // Row 1, class 2: pos = −1, neg = max(3, 0.5, 0) = 3 → 3 + 1 + 1 = 5
        // Row 2, class 1: pos = −0.5, neg = max(−2, 0, −3) = 0 (the masked true class)
        //                 → 0 + 0.5 + 1 = 1.5   (the textbook max_{j≠y} = −2 would give max(0, −0.5) = 0)
        // mean = (0 + 5 + 1.5) / 3 = 2.1666667
        let scores = Tensor([[2, 0.5, -1], [3, 0.5, -1], [-2, -0.5, -3]])
        let value = CategoricalHinge()(scores, Tensor([0, 2, 1])).scalar
        #expect(abs(value - 6.5 / 3) < 1e-6)
        // One-hot targets give the same; Keras' docstring example (targets [[0, 1], [0, 0]],
        // scores [[0.6, 0.4], [0.4, 0.6]]): (0.6 − 0.4 + 1 + 0.6 − 0 + 1) / 2 = 1.4.
        #expect(CategoricalHinge()(scores, Tensor([[1, 0, 0], [0, 0, 1], [0, 1, 0]])).scalar == value)
        let keras = CategoricalHinge()(Tensor([[0.6, 0.4], [0.4, 0.6]]), Tensor([[0, 1], [0, 0]])).scalar
        #expect(abs(keras - 1.4) < 1e-6)
    }

    @Test func categoricalHingeGradient() {
        // Distinct scores, margins neg − pos + 1 away from 0, no ties for the max.
        let scores = Parameter(Tensor([[2.0, 0.3, -1.1, 0.9], [-0.4, 1.7, 0.2, -2.3], [0.6, -1.2, 2.4, 1.5]]))
        let labels = Tensor([1, 3, 2])
        expectGradientsMatch([("scores", scores)]) { CategoricalHinge()(scores.tracked, labels) }
        // Row 0: neg = 2.0 (class 0), pos = 0.3 → active: ∂/∂ŷ₀ = +1/3, ∂/∂ŷ₁ = −1/3.
        // Row 1: neg = 1.7, pos = −2.3 → active.  Row 2: neg = 1.5, pos = 2.4 → margin 0.1, active.
        scores.zeroGradient()
        CategoricalHinge()(scores.tracked, labels).backward()
        let third: Float = 1 / 3
        expectClose(scores.gradient!.scalars, [third, -third, 0, 0, 0, third, 0, -third, 0, 0, -third, third])
    }
}
