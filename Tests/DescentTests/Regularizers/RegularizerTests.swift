import Descent
import Testing

@Suite("Regularizers")
struct RegularizerTests {
    static let w = Tensor([[1, -2], [3, 0.5]])

    @Test("penalty golden values: l1·Σ|w| + l2·Σw²")
    func values() {
        // Σ|w| = 6.5, Σw² = 1 + 4 + 9 + 0.25 = 14.25
        expectClose([Regularizer.l1(0.1).penalty(Self.w).scalar], [0.65])
        expectClose([Regularizer.l2(0.01).penalty(Self.w).scalar], [0.1425])
        expectClose([Regularizer.l1l2(l1: 0.1, l2: 0.01).penalty(Self.w).scalar], [0.7925])
    }

    @Test("other conventions: λ/(2N) and PyTorch weight decay")
    func conventions() {
        // λ = 0.5, N = 100: l2 = 0.5/200 = 0.0025
        #expect(Regularizer.l2(lambda: 0.5, sampleCount: 100).l2 == 0.0025)
        // weight_decay 1e-4 ⇒ gradient 1e-4·w ⇒ penalty ½·1e-4·Σw²
        #expect(Regularizer.l2(weightDecay: 1e-4).l2 == 5e-5)
    }

    @Test("gradient: 2·l2·w + l1·sign(w), and the finite-difference check")
    func gradient() {
        let layer = Dense(inputSize: 2, outputSize: 2)
        layer.weight.value = Self.w
        layer.weightRegularizer = .l1l2(l1: 0.1, l2: 0.01)
        layer.regularizationLoss()!.backward()
        // e.g. w = −2: 2·0.01·(−2) − 0.1 = −0.14
        expectClose(layer.weight.gradient!.scalars, [0.12, -0.14, 0.16, 0.11])
        #expect(layer.bias!.gradient == nil)
        layer.zeroGradients()
        expectGradientsMatch([("weight", layer.weight)]) { layer.regularizationLoss()! }
    }

    @Test("the model sums the penalties of penalized layers; biases only when asked")
    func treeSum() {
        let model = Sequential.multilayerPerceptron(inputSize: 3, hidden: [4], outputSize: 2)
        #expect(model.regularizationLoss() == nil)
        model.setRegularizer(.l2(0.5))
        let weights = model.parameters.filter { $0.path.hasSuffix("weight") }.map(\.parameter.value)
        let expected = weights.reduce(Float(0)) { $0 + 0.5 * $1.scalars.reduce(0) { $0 + $1 * $1 } }
        expectClose([model.regularizationLoss()!.scalar], [expected])
        (model.layers[0] as! Dense).bias!.value = Tensor([1, 1, 1, 1])
        model.setRegularizer(.l2(0.5), includingBiases: true)
        expectClose([model.regularizationLoss()!.scalar], [expected + 2])
    }

    @Test("the trainer logs penalty apart from loss and descends on their sum")
    func trainerHook() throws {
        let model = Sequential { Dense(inputSize: 3, outputSize: 1, generator: RandomGenerator(seed: 1)) }
        (model.layers[0] as! Dense).weightRegularizer = .l2(0.1)
        let x = Tensor.randomNormal([20, 3], generator: RandomGenerator(seed: 2))
        let y = Tensor.randomNormal([20, 1], generator: RandomGenerator(seed: 3))
        // With a learning rate of 0 nothing moves: the logged values are exact.
        let frozen = Trainer(model: model, loss: MeanSquaredError(),
                             optimizer: Optimizer(SGD(), parameters: model.parameters, learningRate: 0), metrics: [])
        let penalty = model.regularizationLoss()!.scalar
        let dataLoss = frozen.evaluate(x, y)[.loss]!
        let history = try frozen.fit(x, y, epochs: 1, batchSize: 20, verbosity: .silent)
        expectClose([Float(history.epochs[0][.penalty]!), Float(history.epochs[0][.loss]!)], [penalty, Float(dataLoss)])
        #expect(history.csv.hasPrefix("epoch,loss,lr,penalty"))
        // One full-batch SGD step of η = 0.1 follows ∂(loss + penalty)/∂w.
        let w0 = model.parameters[0].parameter.value
        let reference = Dense(inputSize: 3, outputSize: 1)
        reference.weight.value = w0
        reference.bias!.value = model.parameters[1].parameter.value
        reference.weightRegularizer = .l2(0.1)
        (MeanSquaredError()(reference(x), y) + reference.regularizationLoss()!).backward()
        let stepping = Trainer(model: model, loss: MeanSquaredError(),
                               optimizer: Optimizer(SGD(), parameters: model.parameters, learningRate: 0.1), metrics: [])
        _ = try stepping.fit(x, y, epochs: 1, batchSize: 20, shuffle: false, verbosity: .silent)
        let expected = zip(w0.scalars, reference.weight.gradient!.scalars).map { $0 - 0.1 * $1 }
        expectClose(model.parameters[0].parameter.value.scalars, expected)
    }
}
