import Descent
import Foundation
import Testing

@Suite struct LossTests {
    @Test func meanSquaredErrorValueAndGradient() {
        // ((1−0)² + (2−4)²) / 2 = 2.5
        #expect(MeanSquaredError()(Tensor([1, 2]), Tensor([0, 4])).scalar == 2.5)
        let p = randomParameter([4, 2], seed: 1)
        let y = Tensor.randomNormal([4, 2], generator: RandomGenerator(seed: 2))
        expectGradientsMatch([("p", p)]) { MeanSquaredError()(p.tracked, y) }
    }

    @Test func softmaxCrossEntropyByHand() {
        // Row [0, ln 3]: softmax = [1/4, 3/4]; label 1 ⇒ −ln(3/4) = 0.2876821.
        // Row [0, 0]: label 0 ⇒ ln 2 = 0.6931472.  Mean = 0.4904146.
        let logits = Tensor([[0, log(3)], [0, 0]])
        let value = SoftmaxCrossEntropy()(logits, Tensor([1, 0])).scalar
        #expect(abs(value - 0.4904146) < 1e-6)
        let oneHot = SoftmaxCrossEntropy()(logits, Tensor([[0, 1], [1, 0]])).scalar
        #expect(abs(oneHot - value) < 1e-7)
        // Uniform logits over K classes give ln K: the initial-loss check of the course.
        #expect(abs(SoftmaxCrossEntropy()(Tensor.zeros([5, 10]), Tensor([0, 1, 2, 3, 4])).scalar - Float(log(10.0))) < 1e-6)
        // Stable for huge logits.
        #expect(SoftmaxCrossEntropy()(Tensor([[1000, -1000]]), Tensor([0])).scalar == 0)
    }

    @Test func softmaxCrossEntropyGradientIsSoftmaxMinusTarget() {
        let z = randomParameter([5, 4], seed: 3, scale: 2)
        let labels = Tensor([0, 3, 1, 1, 2])
        expectGradientsMatch([("z", z)]) { SoftmaxCrossEntropy()(z.tracked, labels) }
        let soft = Tensor([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0], [0, 0, 1, 0], [0.5, 0.5, 0, 0]])
        expectGradientsMatch([("z", z)]) { SoftmaxCrossEntropy()(z.tracked, soft) }
        // ∂L/∂z = (softmax(z) − y)/N exactly.
        z.zeroGradient()
        SoftmaxCrossEntropy()(z.tracked, labels).backward()
        let expected = (z.value.softmax() - soft.mapScalars { _ in 0 } - Tensor([[1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])) / 5
        expectClose(z.gradient!.scalars, expected.scalars, relative: 1e-5, absolute: 1e-7)
    }

    @Test func binaryCrossEntropyFromLogits() {
        // z = 0 ⇒ ln 2 for either label; z = ln 3, y = 1 ⇒ −ln(3/4).
        let value = BinaryCrossEntropy()(Tensor([0, log(3)]), Tensor([0, 1])).scalar
        #expect(abs(value - (0.6931472 + 0.2876821) / 2) < 1e-6)
        #expect(BinaryCrossEntropy()(Tensor([100]), Tensor([1])).scalar < 1e-30)
        #expect(abs(BinaryCrossEntropy()(Tensor([-100]), Tensor([1])).scalar - 100) < 1e-4)
        let z = randomParameter([6, 1], seed: 4, scale: 2)
        let y = Tensor(shape: [6, 1], scalars: [0, 1, 1, 0, 0.3, 1])
        expectGradientsMatch([("z", z)]) { BinaryCrossEntropy()(z.tracked, y) }
    }

    @Test func accuracyMetric() {
        let logits = Tensor([[2, 1], [0, 3], [5, 4]])
        #expect(Metric.accuracy.total(logits, Tensor([0, 1, 1])) == 2)
        #expect(Metric.accuracy.total(logits, Tensor([[1, 0], [0, 1], [1, 0]])) == 3)
        #expect(Metric.accuracy.total(Tensor(shape: [3, 1], scalars: [1, -1, 2]), Tensor(shape: [3, 1], scalars: [1, 1, 1])) == 2)
    }
}
