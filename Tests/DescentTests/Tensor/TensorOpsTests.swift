import Descent
import Testing

@Suite struct TensorOpsTests {
    @Test func creationShapesAndValues() {
        #expect(Tensor.zeros([2, 3]).scalars == [0, 0, 0, 0, 0, 0])
        #expect(Tensor.full([2], 7).scalars == [7, 7])
        #expect(Tensor.arange(0, 1, step: 0.25).scalars == [0, 0.25, 0.5, 0.75])
        #expect(Tensor.identity(2).scalars == [1, 0, 0, 1])
        let t = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3] && t[1, 2] == 6 && t.rank == 2 && t.count == 6)
        let seeded = Tensor.randomUniform([5], generator: RandomGenerator(seed: 1))
        #expect(seeded.scalars == Tensor.randomUniform([5], generator: RandomGenerator(seed: 1)).scalars)
    }

    @Test func copiesShareStorageUntilWritten() {
        let a = Tensor([1, 2, 3])
        var b = a
        b.withUnsafeMutableScalars { $0[0] = 10 }
        #expect(a.scalars == [1, 2, 3] && b.scalars == [10, 2, 3])
    }

    @Test func broadcastingFollowsNumPy() {
        let a = Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [4, 1], scalars: [10, 20, 30, 40])
        let sum = a + b  // [2, 4, 3]
        #expect(sum.shape == [2, 4, 3])
        #expect(sum[0, 0, 0] == 11 && sum[0, 3, 2] == 43 && sum[1, 1, 1] == 25)
        // Explicit expansion gives the same numbers as broadcasting.
        let expanded = a.broadcast(to: [2, 4, 3]) + b.broadcast(to: [2, 4, 3])
        #expect(expanded.scalars == sum.scalars)
        let bias = Tensor([[1, 2], [3, 4]]) + Tensor([10, 20])
        #expect(bias.scalars == [11, 22, 13, 24])
        #expect((Tensor([[1, 2], [3, 4]]) * 2 - 1).scalars == [1, 3, 5, 7])
        #expect((1 / Tensor([2, 4])).scalars == [0.5, 0.25])
    }

    @Test func unaryMath() {
        let x = Tensor([-2, -0.5, 0.5, 2])
        expectClose(x.relu().scalars, [0, 0, 0.5, 2])
        expectClose(x.abs().scalars, [2, 0.5, 0.5, 2])
        expectClose(x.sigmoid().scalars, [0.11920292, 0.37754067, 0.62245933, 0.88079708])
        expectClose(x.tanh().scalars, [-0.96402758, -0.46211716, 0.46211716, 0.96402758])
        expectClose(x.clamped(min: -1, max: 1).scalars, [-1, -0.5, 0.5, 1])
        expectClose(Tensor([1, 4]).squareRoot().scalars, [1, 2])
        expectClose(Tensor([0, 1]).exp().scalars, [1, 2.7182817])
        expectClose(Tensor([1, 2.7182817]).log().scalars, [0, 1])
        expectClose(Tensor([2, 3]).pow(3).scalars, [8, 27])
        // σ stays finite and exact at the extremes.
        #expect(Tensor([-100, 100]).sigmoid().scalars == [Float(3.7200760e-44), 1])
    }

    @Test func reductionsOverChosenAxes() {
        let t = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        #expect(t.sum().scalar == 21)
        #expect(t.sum(alongAxes: [0]).scalars == [5, 7, 9])
        #expect(t.sum(alongAxes: [1], keepingDimensions: true).shape == [2, 1])
        #expect(t.mean(alongAxes: [1]).scalars == [3, 4])
        #expect(t.max(alongAxes: [1]).scalars == [5, 6])
        #expect(t.max().scalar == 6)
        #expect(t.argmax(alongAxis: 1).scalars == [1, 2])
        #expect(t.argmax(alongAxis: 0).scalars == [1, 0, 1])
        let cube = Tensor.arange(0, 24).reshaped(to: [2, 3, 4])
        #expect(cube.sum(alongAxes: [0, 2]).scalars == [60, 92, 124])
        // log Σ exp, stable where a naive sum of exponentials overflows.
        expectClose(Tensor([[1000, 1000]]).logSumExp(alongAxes: [1]).scalars, [1000 + 0.6931472])
        expectClose(Tensor([[0, 1, 2]]).logSumExp(alongAxes: [1]).scalars, [2.4076059])
    }

    @Test func softmaxRowsSumToOneAndLogSoftmaxIsItsLog() {
        let x = Tensor.randomNormal([4, 5], standardDeviation: 3, generator: RandomGenerator(seed: 2))
        let p = x.softmax()
        for row in p.sum(alongAxes: [1]).scalars { #expect(abs(row - 1) < 1e-6) }
        expectClose(x.logSoftmax().scalars, p.log().scalars, relative: 1e-4, absolute: 1e-5)
        expectClose(Tensor([[1000, 0]]).softmax().scalars, [1, 0])
    }

    @Test func matmulPlainAndBatched() {
        let a = Tensor([[1, 2], [3, 4], [5, 6]])
        let b = Tensor([[1, 0, 2], [0, 1, 3]])
        #expect(a.matmul(b).scalars == [1, 2, 8, 3, 4, 18, 5, 6, 28])
        let batchA = Tensor.concatenate([a.reshaped(to: [1, 3, 2]), (a * 2).reshaped(to: [1, 3, 2])], alongAxis: 0)
        let batchB = Tensor.concatenate([b.reshaped(to: [1, 2, 3]), b.reshaped(to: [1, 2, 3])], alongAxis: 0)
        let product = batchA.matmul(batchB)
        #expect(product.shape == [2, 3, 3])
        #expect(product.slice(alongAxis: 0, 1..<2).scalars == a.matmul(b).scalars.map { $0 * 2 })
        #expect(batchA.matmul(b).shape == [2, 3, 3])  // shared right operand
        #expect(a.transposed().scalars == [1, 3, 5, 2, 4, 6])
    }

    @Test func shapeManipulation() {
        let t = Tensor.arange(0, 6).reshaped(to: [2, -1])
        #expect(t.shape == [2, 3])
        #expect(Tensor.concatenate([t, t * 10], alongAxis: 1).scalars == [0, 1, 2, 0, 10, 20, 3, 4, 5, 30, 40, 50])
        #expect(Tensor.concatenate([t, t], alongAxis: 0).shape == [4, 3])
        #expect(t.slice(alongAxis: 1, 1..<3).scalars == [1, 2, 4, 5])
        #expect(t.gathering(rows: [1, 0, 1]).scalars == [3, 4, 5, 0, 1, 2, 3, 4, 5])
        let cube = Tensor.arange(0, 24).reshaped(to: [2, 3, 4])
        let permuted = cube.permuted([2, 0, 1])
        #expect(permuted.shape == [4, 2, 3] && permuted[3, 1, 2] == cube[1, 2, 3])
    }

    @Test func comparisonsAndWhere() {
        let a = Tensor([1, 5, 3]), b = Tensor([2, 2, 3])
        #expect((a .> b).scalars == [0, 1, 0])
        #expect((a .== b).scalars == [0, 0, 1])
        #expect((a .<= b).scalars == [1, 0, 1])
        #expect(Tensor.where(a .> b, a, b).scalars == [2, 5, 3])
        #expect(Tensor.where(Tensor([[1], [0]]), Tensor([1, 2]), Tensor(-1)).scalars == [1, 2, -1, -1])
    }
}
