import Descent
import Testing

/// Every differentiable op against central finite differences (see `gradientCheck`).
/// Inputs are kept away from kinks (ReLU, |x| and clamp at their corners, ties in max).
@Suite struct OpGradientTests {
    /// Normal samples pushed at least 0.2 away from zero, for ops with a kink at 0.
    func awayFromZero(_ shape: [Int], seed: UInt64) -> Parameter {
        let t = Tensor.randomNormal(shape, generator: RandomGenerator(seed: seed))
        return Parameter(t.mapScalars { $0 + ($0 >= 0 ? 0.2 : -0.2) })
    }

    @Test func arithmeticWithBroadcasting() {
        let a = randomParameter([3, 4], seed: 1), b = randomParameter([4], seed: 2)
        let c = randomParameter([3, 1], seed: 3, scale: 0.3, offset: 2)
        expectGradientsMatch([("a", a), ("b", b)]) { a.tracked + b.tracked }
        expectGradientsMatch([("a", a), ("c", c)]) { a.tracked - c.tracked }
        expectGradientsMatch([("a", a), ("b", b)]) { a.tracked * b.tracked }
        expectGradientsMatch([("a", a), ("c", c)]) { a.tracked / c.tracked }
        expectGradientsMatch([("a", a)]) { -a.tracked * 3 + 1 }
        expectGradientsMatch([("c", c)]) { 2 / c.tracked }
        expectGradientsMatch([("b", b)]) { b.tracked.broadcast(to: [2, 3, 4]) }
    }

    @Test func smoothUnaryFunctions() {
        let x = randomParameter([2, 5], seed: 4)
        let positive = randomParameter([2, 5], seed: 5, scale: 0.3, offset: 2)
        expectGradientsMatch([("x", x)]) { x.tracked.exp() }
        expectGradientsMatch([("x", positive)]) { positive.tracked.log() }
        expectGradientsMatch([("x", positive)]) { positive.tracked.squareRoot() }
        expectGradientsMatch([("x", x)]) { x.tracked.tanh() }
        expectGradientsMatch([("x", x)]) { x.tracked.sigmoid() }
        expectGradientsMatch([("x", x)]) { x.tracked.squared() }
        expectGradientsMatch([("x", positive)]) { positive.tracked.pow(2.5) }
    }

    @Test func functionsWithKinks() {
        let x = awayFromZero([3, 4], seed: 6)
        expectGradientsMatch([("x", x)]) { x.tracked.relu() }
        expectGradientsMatch([("x", x)]) { x.tracked.abs() }
        let y = Parameter(Tensor([-2, -0.5, 0.3, 0.7, 1.8]))
        expectGradientsMatch([("y", y)]) { y.tracked.clamped(min: -1, max: 1) }
    }

    @Test func reductions() {
        let x = randomParameter([3, 4, 2], seed: 7)
        expectGradientsMatch([("x", x)]) { x.tracked.sum() }
        expectGradientsMatch([("x", x)]) { x.tracked.sum(alongAxes: [0, 2]) }
        expectGradientsMatch([("x", x)]) { x.tracked.mean(alongAxes: [1], keepingDimensions: true) }
        expectGradientsMatch([("x", x)]) { x.tracked.max(alongAxes: [1]) }
        expectGradientsMatch([("x", x)]) { x.tracked.logSumExp(alongAxes: [2]) }
        expectGradientsMatch([("x", x)]) { x.tracked.logSumExp() }
    }

    @Test func softmaxAndLogSoftmax() {
        let x = randomParameter([4, 5], seed: 8, scale: 2)
        expectGradientsMatch([("x", x)]) { x.tracked.softmax() }
        expectGradientsMatch([("x", x)]) { x.tracked.logSoftmax() }
        expectGradientsMatch([("x", x)]) { x.tracked.softmax(alongAxis: 0) }
    }

    @Test func matrixProducts() {
        let a = randomParameter([3, 4], seed: 9), b = randomParameter([4, 2], seed: 10)
        expectGradientsMatch([("a", a), ("b", b)]) { a.tracked.matmul(b.tracked) }
        let batchA = randomParameter([2, 3, 4], seed: 11), batchB = randomParameter([2, 4, 5], seed: 12)
        expectGradientsMatch([("a", batchA), ("b", batchB)]) { batchA.tracked.matmul(batchB.tracked) }
        expectGradientsMatch([("a", batchA), ("b", b)]) { batchA.tracked.matmul(b.tracked) }
    }

    @Test func dataMovement() {
        let x = randomParameter([2, 3, 4], seed: 13), y = randomParameter([2, 2, 4], seed: 14)
        expectGradientsMatch([("x", x)]) { x.tracked.reshaped(to: [6, 4]) }
        expectGradientsMatch([("x", x)]) { x.tracked.permuted([2, 0, 1]) }
        expectGradientsMatch([("x", x)]) { x.tracked.transposed() }
        expectGradientsMatch([("x", x), ("y", y)]) { Tensor.concatenate([x.tracked, y.tracked], alongAxis: 1) }
        expectGradientsMatch([("x", x)]) { x.tracked.slice(alongAxis: 2, 1..<3) }
        expectGradientsMatch([("x", x)]) { x.tracked.gathering(rows: [1, 1, 0]) }
    }

    @Test func whereSelects() {
        let a = randomParameter([2, 3], seed: 15), b = randomParameter([3], seed: 16)
        let mask = Tensor([[1, 0, 1], [0, 0, 1]])
        expectGradientsMatch([("a", a), ("b", b)]) { Tensor.where(mask, a.tracked, b.tracked) }
    }

    @Test func compositeExpressionSharesSubexpressions() {
        // x appears on several paths: gradients from each path must add up.
        let x = randomParameter([3], seed: 17), w = randomParameter([3], seed: 18)
        expectGradientsMatch([("x", x), ("w", w)]) {
            let h = (x.tracked * w.tracked).tanh()
            return (h * x.tracked + h.exp()).sum(alongAxes: [0], keepingDimensions: true) * x.tracked
        }
    }
}
