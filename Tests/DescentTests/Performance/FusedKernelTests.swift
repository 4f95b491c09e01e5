import Foundation
@testable import Descent
import Testing

/// The fused and vectorized kernels against the plain compositions they replace.
@Suite struct FusedKernelTests {
    /// Dense with ReLU is one node (x·W + b, rectified); it must agree with matmul, add, relu.
    @Test func denseWithReLUEqualsTheComposition() {
        let dense = Dense(inputSize: 37, outputSize: 19, activation: .relu, biasInitializer: .normal(mean: 0, standardDeviation: 0.5),
                          generator: RandomGenerator(seed: 4))
        let input = randomParameter([2, 5, 37], seed: 5)
        let fused = dense(input.tracked)
        fused.sum().backward()
        let fusedGradients = [input.gradient!, dense.weight.gradient!, dense.bias!.gradient!].map(\.scalars)
        [input, dense.weight, dense.bias!].forEach { $0.zeroGradient() }

        let plain = (input.tracked.matmul(dense.weight.tracked) + dense.bias!.tracked).relu()
        plain.sum().backward()
        #expect(fused.shape == [2, 5, 19])
        expectClose(fused.scalars, plain.scalars)
        let plainGradients = [input.gradient!, dense.weight.gradient!, dense.bias!.gradient!].map(\.scalars)
        for (a, b) in zip(fusedGradients, plainGradients) { expectClose(a, b) }
    }

    @Test func denseWithReLUPassesTheGradientCheck() {
        let dense = Dense(inputSize: 4, outputSize: 6, activation: .relu, biasInitializer: .normal(mean: 0, standardDeviation: 1),
                          generator: RandomGenerator(seed: 8))
        let input = randomParameter([5, 4], seed: 9)
        expectGradientsMatch(dense.parameters.map { ($0.path, $0.parameter) } + [("input", input)]) { dense(input.tracked).squared() }
    }

    /// Above `LaneLoop.parallelThreshold`, so split over threads, and a tail block of 40 007 mod 16 = 7.
    static let count = 40_007

    @Test func adamLanePassEqualsTheScalarFormulaBitForBit() {
        let rule = Adam()
        var θ = Tensor.randomNormal([Self.count], generator: RandomGenerator(seed: 1))
        var state = rule.makeState(for: θ)
        var (expectedθ, m, v) = (θ.scalars, [Float](repeating: 0, count: Self.count), [Float](repeating: 0, count: Self.count))
        for t in 1...3 {
            let g = Tensor.randomNormal([Self.count], generator: RandomGenerator(seed: UInt64(10 + t)))
            rule.update(&θ, gradient: g, state: &state, learningRate: 0.01, step: t)
            let stepSize = 0.01 / (1 - Foundation.pow(rule.beta1, Float(t)))
            let root = (1 - Foundation.pow(rule.beta2, Float(t))).squareRoot()
            for i in 0..<Self.count {
                m[i] = rule.beta1 * m[i] + (1 - rule.beta1) * g.scalars[i]
                v[i] = rule.beta2 * v[i] + (1 - rule.beta2) * g.scalars[i] * g.scalars[i]
                expectedθ[i] -= stepSize * m[i] / (v[i].squareRoot() / root + rule.epsilon)
            }
        }
        #expect(θ.scalars == expectedθ)
        #expect(state.m.scalars == m && state.v.scalars == v)
    }

    @Test func nesterovLanePassEqualsTheScalarFormulaBitForBit() {
        let rule = SGD(momentum: 0.9, isNesterov: true)
        var θ = Tensor.randomNormal([Self.count], generator: RandomGenerator(seed: 2))
        var state = rule.makeState(for: θ)
        var expectedθ = θ.scalars
        var b: [Float]?
        for t in 1...3 {
            let g = Tensor.randomNormal([Self.count], generator: RandomGenerator(seed: UInt64(20 + t)))
            rule.update(&θ, gradient: g, state: &state, learningRate: 0.01, step: t)
            var buffer = b ?? g.scalars
            for i in 0..<Self.count {
                if b != nil { buffer[i] = 0.9 * buffer[i] + (1 - 0) * g.scalars[i] }
                expectedθ[i] -= 0.01 * (g.scalars[i] + 0.9 * buffer[i])
            }
            b = buffer
        }
        #expect(θ.scalars == expectedθ)
        #expect(state.buffer?.scalars == b)
    }

    @Test func reluLanesMatchTheScalarDefinitionIncludingNaNAndTail() {
        let values: [Float] = [-2, -0.0, 0, 1e-30, 3, .nan, -.infinity, .infinity] + (0..<9).map { Float($0) - 4 }
        let x = Parameter(Tensor(values))
        let y = x.tracked.relu()
        #expect(y.scalars.map { $0.isNaN } == values.map { _ in false })
        #expect(y.scalars == values.map { $0 > 0 ? $0 : 0 })
        y.backward(seed: Tensor(values.map { _ in 2 }))
        #expect(x.gradient!.scalars == values.map { $0 > 0 ? 2 : 0 })
    }

    /// Same seed, same thread count ⇒ the same weights, bit for bit, with batch norm, dropout and
    /// the threaded kernels (batch 256 crosses their thresholds).
    @Test func trainingIsReproducible() throws {
        func train() throws -> [Float] {
            let generator = RandomGenerator(seed: 3)
            let model = Sequential {
                Dense(inputSize: 64, outputSize: 256, generator: generator)
                BatchNorm(featureCount: 256)
                ActivationLayer(.relu)
                Dropout(rate: 0.5, generator: generator.split())
                Dense(inputSize: 256, outputSize: 10, generator: generator)
            }
            let x = Tensor.randomNormal([512, 64], generator: generator)
            let y = Tensor((0..<512).map { Float($0 % 10) })
            let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
                                  optimizer: Optimizer(Adam(), parameters: model.parameters), metrics: [])
            _ = try trainer.fit(x, y, epochs: 2, batchSize: 256, verbosity: .silent)
            return model.parameters.flatMap { $0.parameter.value.scalars }
        }
        #expect(try train() == train())
    }
}
