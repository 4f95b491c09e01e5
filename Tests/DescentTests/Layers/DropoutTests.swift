import Descent
import Testing

@Suite("Dropout family")
struct DropoutTests {
    static let ones = Tensor.ones([200, 500])  // 100,000 elements

    @Test("inverted dropout: drops a fraction p, scales the rest by 1/(1 − p), keeps the mean")
    func inverted() {
        let layer = Dropout(rate: 0.3, generator: RandomGenerator(seed: 1))
        let y = layer(Self.ones).scalars
        let n = Double(y.count)
        let dropped = Double(y.filter { $0 == 0 }.count) / n
        // SE of a proportion: √(p(1 − p)/n) = 0.00145; allow 5 SE.
        #expect(abs(dropped - 0.3) < 5 * (0.21 / n).squareRoot())
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        let mean = y.reduce(0.0) { $0 + Double($1) } / n
        // Var of one output: (1/0.7)²·0.7·0.3 = 0.4286; SE of the mean 0.0021.
        #expect(abs(mean - 1) < 5 * (0.4286 / n).squareRoot())
        layer.eval()
        #expect(layer(Self.ones).scalars == Self.ones.scalars)
    }

    @Test("classic dropout: unscaled in training, times (1 − p) in inference")
    func classic() {
        let layer = Dropout(rate: 0.25, scaling: .classic, generator: RandomGenerator(seed: 2))
        #expect(layer(Self.ones).scalars.allSatisfy { $0 == 0 || $0 == 1 })
        layer.eval()
        #expect(layer(Tensor([4])).scalars == [3])
    }

    @Test("the same seed gives the same mask")
    func seeded() {
        let a = Dropout(rate: 0.5, generator: RandomGenerator(seed: 7))(Self.ones)
        let b = Dropout(rate: 0.5, generator: RandomGenerator(seed: 7))(Self.ones)
        let c = Dropout(rate: 0.5, generator: RandomGenerator(seed: 8))(Self.ones)
        #expect(a.scalars == b.scalars && a.scalars != c.scalars)
    }

    @Test("gradients with a fixed mask", arguments: ["dropout", "classic", "spatial", "alpha", "noise"])
    func gradients(kind: String) {
        let layer: any StochasticLayer = switch kind {
        case "dropout": Dropout(rate: 0.4)
        case "classic": Dropout(rate: 0.4, scaling: .classic)
        case "spatial": SpatialDropout2D(rate: 0.4)
        case "alpha": AlphaDropout(rate: 0.2)
        default: GaussianNoise(standardDeviation: 0.5)
        }
        let x = randomParameter([2, 3, 3, 4], seed: 3)
        expectGradientsMatch([("x", x)]) {
            layer.generator = RandomGenerator(seed: 11)
            return layer(x.tracked)
        }
    }

    @Test("SpatialDropout2D drops whole channels of a sample")
    func spatial() {
        let layer = SpatialDropout2D(rate: 0.5, generator: RandomGenerator(seed: 3))
        let y = layer(Tensor.ones([8, 4, 5, 6]))
        var droppedMaps = 0
        for n in 0..<8 {
            for c in 0..<6 {
                let values = Set((0..<20).map { y.scalars[n * 120 + $0 * 6 + c] })
                #expect(values == [0] || values == [2], "sample \(n), channel \(c): \(values)")
                if values == [0] { droppedMaps += 1 }
            }
        }
        #expect(droppedMaps > 5 && droppedMaps < 43)
    }

    @Test("AlphaDropout keeps zero mean and unit variance of standardized inputs")
    func alpha() {
        let x = Tensor.randomNormal([100_000], generator: RandomGenerator(seed: 4))
        let y = AlphaDropout(rate: 0.2, generator: RandomGenerator(seed: 5))(x).scalars.map(Double.init)
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        #expect(abs(mean) < 0.02 && abs(variance - 1) < 0.02, "mean \(mean), variance \(variance)")
    }

    @Test("GaussianNoise adds noise of the given σ in training only")
    func noise() {
        let layer = GaussianNoise(standardDeviation: 0.5, generator: RandomGenerator(seed: 6))
        let y = layer(Tensor.zeros([100_000])).scalars.map(Double.init)
        let variance = y.reduce(0) { $0 + $1 * $1 } / Double(y.count)
        #expect(abs(variance - 0.25) < 5 * 0.25 * (2.0 / 100_000).squareRoot())
        layer.eval()
        #expect(layer(Tensor([1, 2])).scalars == [1, 2])
    }

    @Test("Monte Carlo dropout: spread over passes, batch norm stays in inference, flags restored")
    func monteCarlo() throws {
        let dropout = Dropout(rate: 0.5, generator: RandomGenerator(seed: 9))
        let norm = BatchNorm(featureCount: 8)
        let model = Sequential {
            Dense(inputSize: 3, outputSize: 8, activation: .relu, generator: RandomGenerator(seed: 1))
            norm
            dropout
            Dense(inputSize: 8, outputSize: 2, generator: RandomGenerator(seed: 2))
        }
        let trainer = Trainer(model: model, loss: MeanSquaredError(), optimizer: Optimizer(SGD(), parameters: model.parameters))
        let x = Tensor.randomNormal([5, 3], generator: RandomGenerator(seed: 3))
        let deterministic = trainer.predict(x)
        let (mean, deviation) = try trainer.predict(x, monteCarloSamples: 400)
        #expect(mean.shape == [5, 2] && deviation.shape == [5, 2])
        #expect(deviation.scalars.allSatisfy { $0 > 0 })
        // Inverted dropout keeps the mean of each unit, and the head is linear: the MC mean
        // approaches the deterministic output (σ/√400 = σ/20).
        for (m, (d, s)) in zip(mean.scalars, zip(deterministic.scalars, deviation.scalars)) {
            #expect(abs(m - d) <= 5 * s / 20 + 1e-5)
        }
        #expect(norm.runningMean.value.scalars == [Float](repeating: 0, count: 8))
        #expect(!dropout.isActiveInInference && model.isTraining)  // predict restores the mode it found
        #expect(throws: DescentError.self) { try trainer.predict(x, monteCarloSamples: 0) }
    }
}
