import Descent
import Testing

@Suite struct DenseTests {
    @Test func forwardIsXWPlusB() {
        let dense = Dense(inputSize: 2, outputSize: 2)
        dense.weight.value = Tensor([[1, 2], [3, 4]])
        dense.bias!.value = Tensor([10, 20])
        #expect(dense(Tensor([[1, 1]])).scalars == [14, 26])
        dense.activation = .relu
        #expect(dense(Tensor([[-10, 0]])).scalars == [0, 0])
    }

    @Test func gradientCheckThroughDenseAndActivations() {
        RandomGenerator.seedDefault(3)
        let x = Tensor.randomNormal([5, 3], generator: RandomGenerator(seed: 1))
        for activation in [Activation.linear, .tanh, .sigmoid, .softmax] {
            let dense = Dense(inputSize: 3, outputSize: 4, activation: activation, biasInitializer: .normal(mean: 0, standardDeviation: 0.5))
            expectGradientsMatch(dense.parameters.map { ($0.path, $0.parameter) }) { dense(x) }
        }
        let input = randomParameter([5, 3], seed: 2)
        let dense = Dense(inputSize: 3, outputSize: 2, activation: .tanh)
        expectGradientsMatch([("input", input)]) { dense(input.tracked) }
    }

    @Test func glorotUniformStartAndZeroBias() {
        let dense = Dense(inputSize: 300, outputSize: 100, generator: RandomGenerator(seed: 5))
        let limit = (6.0 / 400.0).squareRoot()
        let w = dense.weight.value.scalars
        #expect(w.allSatisfy { abs(Double($0)) <= limit })
        let variance = w.reduce(0.0) { $0 + Double($1 * $1) } / Double(w.count)
        #expect(abs(variance - limit * limit / 3) < 0.05 * limit * limit / 3)  // U(±a) has variance a²/3
        #expect(dense.bias!.value.scalars.allSatisfy { $0 == 0 })
    }

    @Test func sequentialNamesParametersByPathAndChecksShapes() throws {
        let model = Sequential {
            Dense(inputSize: 2, outputSize: 8, activation: .relu)
            Dense(inputSize: 8, outputSize: 3)
        }
        #expect(model.parameters.map(\.path) == ["0.weight", "0.bias", "1.weight", "1.bias"])
        #expect(model.parameterCount == 2 * 8 + 8 + 8 * 3 + 3)
        #expect(try model.outputShape(forInput: [2]) == [3])
        #expect(throws: DescentError.self) { try model.outputShape(forInput: [5]) }
        model.eval()
        #expect(!model.layers[0].isTraining)
        model.train()
        #expect(model.layers[1].isTraining)
    }
}
