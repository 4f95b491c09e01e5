import Descent
import Foundation
import Testing

/// MeanAbsoluteError, Huber and KLDivergence: hand-computed values and gradient checks.
@Suite struct RegressionLossTests {
    @Test func meanAbsoluteErrorByHand() {
        // (|1 − 0| + |2 − 4| + |−1 − (−1.5)|) / 3 = (1 + 2 + 0.5) / 3 = 1.1666667
        let value = MeanAbsoluteError()(Tensor([1, 2, -1]), Tensor([0, 4, -1.5])).scalar
        #expect(abs(value - 3.5 / 3) < 1e-7)
        let p = randomParameter([4, 3], seed: 11)
        let y = Tensor.randomNormal([4, 3], generator: RandomGenerator(seed: 12))
        expectGradientsMatch([("p", p)]) { MeanAbsoluteError()(p.tracked, y) }
    }

    @Test func huberByHand() {
        // δ = 1, x = ŷ − y = 0.5, −3, 1, 2
        // 0.5: ½·0.25 = 0.125;  −3: 1·(3 − 0.5) = 2.5;  1 (|x| ≤ δ): ½·1 = 0.5;  2: 2 − 0.5 = 1.5
        // mean = (0.125 + 2.5 + 0.5 + 1.5) / 4 = 4.625 / 4 = 1.15625
        let predictions = Tensor([0.5, -3, 1, 2]), zeros = Tensor.zeros([4])
        #expect(Huber()(predictions, zeros).scalar == 1.15625)
        // δ = 2: 0.125;  −3: 2·(3 − 1) = 4;  0.5;  2 (|x| ≤ δ): ½·4 = 2;  mean = 6.625 / 4 = 1.65625
        #expect(Huber(delta: 2)(predictions, zeros).scalar == 1.65625)
        #expect(Huber().delta == 1)
    }

    @Test func huberGradient() {
        // |x| values spread over both pieces, none near δ = 1 (the seam) or 0.
        let p = Parameter(Tensor([[0.3, -2.5, 1.8], [-0.6, 3.1, -1.4]]))
        let y = Tensor.zeros([2, 3])
        expectGradientsMatch([("p", p)]) { Huber()(p.tracked, y) }
        // ∂L/∂ŷ = x/n inside, δ·sign(x)/n outside: [0.3, −1, 1, −0.6, 1, −1] / 6
        p.zeroGradient()
        Huber()(p.tracked, y).backward()
        expectClose(p.gradient!.scalars, [0.3, -1, 1, -0.6, 1, -1].map { $0 / 6 })
    }

    @Test func klDivergenceByHand() {
        // Row 0: y = [0.5, 0.5], ŷ = [0.25, 0.75]
        //        0.5·ln(0.5/0.25) + 0.5·ln(0.5/0.75) = 0.5·0.6931472 − 0.5·0.4054651 = 0.1438410
        // Row 1: y = [1, 0] clipped to [1, 1e-7], ŷ = [0.5, 0.5]
        //        ln 2 + 1e-7·ln(1e-7/0.5) = 0.6931472 − 1.5424949e-6 = 0.6931457
        // mean = (0.1438410 + 0.6931457) / 2 = 0.4184934
        let predictions = Tensor([[0.25, 0.75], [0.5, 0.5]])
        let value = KLDivergence()(predictions, Tensor([[0.5, 0.5], [1, 0]])).scalar
        #expect(abs(value - 0.4184934) < 1e-6)
        // Class indices read as one-hot rows: row 0 with label 1 is −ln 0.75 + 1e-7·ln(1e-7/0.25).
        let indices = KLDivergence()(predictions, Tensor([1, 0])).scalar
        #expect(abs(indices - (0.2876821 - 1.4712e-6 + 0.6931457) / 2) < 1e-6)
        // Identical distributions give 0; a zero prediction is clipped, not infinite.
        #expect(abs(KLDivergence()(predictions, predictions).scalar) < 1e-7)
        #expect(KLDivergence()(Tensor([[1, 0]]), Tensor([[0, 1]])).scalar.isFinite)
    }

    @Test func klDivergenceGradient() {
        let logits = randomParameter([4, 5], seed: 13)
        let targets = Tensor.randomNormal([4, 5], generator: RandomGenerator(seed: 14)).softmax()
        expectGradientsMatch([("logits", logits)]) { KLDivergence()(logits.tracked.softmax(), targets) }
        // Directly in the probabilities: ∂L/∂ŷ = −y/(N·ŷ).
        let probabilities = Parameter(Tensor([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]]))
        let y = Tensor([[0.1, 0.6, 0.3], [0.3, 0.3, 0.4]])
        expectGradientsMatch([("probabilities", probabilities)], step: 1e-3) { KLDivergence()(probabilities.tracked, y) }
        probabilities.zeroGradient()
        KLDivergence()(probabilities.tracked, y).backward()
        expectClose(probabilities.gradient!.scalars, [-0.25, -1, -0.3, -0.25, -1.5, -2 / 3.0].map { Float($0) })
    }
}
