import Descent
import Testing

@Suite("BatchNorm and LayerNorm")
struct NormalizationTests {
    // Three batches of one feature, [4, 1]:
    //   [1, 2, 3, 4]   μ = 2.5  σ² = 1.25  unbiased 1.25·4/3 = 5/3
    //   [2, 4, 6, 8]   μ = 5    σ² = 5     unbiased 20/3
    //   [0, 0, 3, 3]   μ = 1.5  σ² = 2.25  unbiased 3
    static let batches: [Tensor] = [[1, 2, 3, 4], [2, 4, 6, 8], [0, 0, 3, 3]].map { Tensor(shape: [4, 1], scalars: $0) }

    @Test("PyTorch convention: running ← 0.9·running + 0.1·batch, unbiased variance")
    func pytorchRunningStatistics() {
        let layer = BatchNorm(featureCount: 1)
        var means: [Float] = [], variances: [Float] = []
        for batch in Self.batches {
            _ = layer(batch)
            means.append(layer.runningMean.value.scalar)
            variances.append(layer.runningVariance.value.scalar)
        }
        // mean: 0.9·0 + 0.25 = 0.25;  0.9·0.25 + 0.5 = 0.725;  0.9·0.725 + 0.15 = 0.8025
        expectClose(means, [0.25, 0.725, 0.8025])
        // var:  0.9·1 + 0.1·5/3 = 1.0666667;  0.9·1.0666667 + 0.1·20/3 = 1.6266667;  0.9·1.6266667 + 0.3 = 1.764
        expectClose(variances, [1.0666667, 1.6266667, 1.764])
        // Inference uses them: (2 − 0.8025)/√(1.764 + 1e-5) = 0.9016152
        layer.eval()
        expectClose(layer(Tensor(shape: [1, 1], scalars: [2])).scalars, [0.9016152])
    }

    @Test("Keras convention: moving ← 0.99·moving + 0.01·batch, biased variance, ε = 1e-3")
    func kerasRunningStatistics() {
        let layer = BatchNorm.keras(featureCount: 1)
        #expect(layer.epsilon == 1e-3 && !layer.usesUnbiasedRunningVariance)
        var means: [Float] = [], variances: [Float] = []
        for batch in Self.batches {
            _ = layer(batch)
            means.append(layer.runningMean.value.scalar)
            variances.append(layer.runningVariance.value.scalar)
        }
        // mean: 0.025;  0.99·0.025 + 0.05 = 0.07475;  0.99·0.07475 + 0.015 = 0.0890025
        expectClose(means, [0.025, 0.07475, 0.0890025])
        // var:  0.99 + 0.0125 = 1.0025;  0.99·1.0025 + 0.05 = 1.042475;  0.99·1.042475 + 0.0225 = 1.05455025
        expectClose(variances, [1.0025, 1.042475, 1.0545503])
    }

    @Test("training output uses batch statistics; inference output does not change them")
    func trainingOutput() {
        let layer = BatchNorm(featureCount: 1)
        layer.gamma.value = Tensor([2])
        layer.beta.value = Tensor([1])
        // x̂ = (x − 2.5)/√(1.25 + 1e-5) = [−1.3416355, −0.4472118, 0.4472118, 1.3416355]; y = 2x̂ + 1
        expectClose(layer(Self.batches[0]).scalars, [-1.6832710, 0.1055764, 1.8944236, 3.6832710])
        layer.eval()
        _ = layer(Self.batches[1])
        expectClose([layer.runningMean.value.scalar], [0.25])
    }

    @Test("NHWC maps: statistics per channel over N·H·W")
    func channels() {
        // [N=2, H=1, W=2, C=2]: channel 0 holds 1, 3, 5, 7 (μ = 4, σ² = 5); channel 1 holds 10 everywhere.
        let x = Tensor(shape: [2, 1, 2, 2], scalars: [1, 10, 3, 10, 5, 10, 7, 10])
        let layer = BatchNorm(featureCount: 2)
        let y = layer(x)
        let s = (5 + Float(1e-5)).squareRoot()
        expectClose(y.scalars, [-3 / s, 0, -1 / s, 0, 1 / s, 0, 3 / s, 0], absolute: 1e-5)
        // running mean 0.1·[4, 10]; running var 0.9 + 0.1·[5·4/3, 0]
        expectClose(layer.runningMean.value.scalars, [0.4, 1])
        expectClose(layer.runningVariance.value.scalars, [0.9 + 0.1 * 20 / 3, 0.9])
    }

    @Test("fused backward matches finite differences (training, [N, F] and NHWC)", arguments: [[6, 3], [2, 3, 2, 4]])
    func batchNormGradient(shape: [Int]) {
        let layer = BatchNorm(featureCount: shape.last!)
        layer.gamma.value = Tensor.randomNormal([shape.last!], mean: 1, standardDeviation: 0.3, generator: RandomGenerator(seed: 1))
        layer.beta.value = Tensor.randomNormal([shape.last!], generator: RandomGenerator(seed: 2))
        let x = randomParameter(shape, seed: 3, scale: 2, offset: 1)
        expectGradientsMatch([("x", x), ("gamma", layer.gamma), ("beta", layer.beta)]) { layer(x.tracked) }
    }

    @Test("inference path gradients")
    func batchNormInferenceGradient() {
        let layer = BatchNorm(featureCount: 3)
        _ = layer(Tensor.randomNormal([8, 3], generator: RandomGenerator(seed: 4)))
        layer.eval()
        let x = randomParameter([5, 3], seed: 5)
        expectGradientsMatch([("x", x), ("gamma", layer.gamma), ("beta", layer.beta)]) { layer(x.tracked) }
    }

    @Test("running statistics are non-trainable parameters with PyTorch's names")
    func parameterNames() {
        let layer = BatchNorm(featureCount: 4)
        #expect(layer.namedParameters.map(\.0) == ["weight", "bias", "running_mean", "running_var"])
        #expect(layer.namedParameters.map(\.1.isTrainable) == [true, true, false, false])
    }

    @Test("LayerNorm: per-sample statistics, golden values and gradients")
    func layerNorm() {
        let layer = LayerNorm(featureCount: 4)
        // Row [1, 2, 3, 4]: μ = 2.5, σ² = 1.25; row [2, 2, 2, 2]: zero after centring.
        let y = layer(Tensor([[1, 2, 3, 4], [2, 2, 2, 2]]))
        expectClose(y.scalars, [-1.3416355, -0.4472118, 0.4472118, 1.3416355, 0, 0, 0, 0], absolute: 1e-5)
        layer.eval()
        expectClose(layer(Tensor([[1, 2, 3, 4]])).scalars, Array(y.scalars.prefix(4)))
        layer.gamma.value = Tensor([0.5, 1, 1.5, 2])
        layer.beta.value = Tensor([0, 0.1, 0.2, 0.3])
        let x = randomParameter([3, 2, 4], seed: 6, scale: 2)
        expectGradientsMatch([("x", x), ("gamma", layer.gamma), ("beta", layer.beta)]) { layer(x.tracked) }
    }
}
