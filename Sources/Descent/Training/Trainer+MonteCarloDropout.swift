/// Monte Carlo dropout (Gal & Ghahramani, 2016): keep the stochastic layers on at prediction
/// time, run T passes and read the spread as the model's uncertainty.
///
///     μ = (1/T)·Σₜ ŷₜ        s = √((1/T)·Σₜ (ŷₜ − μ)²)     (population standard deviation)
///
/// Only `StochasticLayer`s are switched on; the rest of the model stays in evaluation mode, so
/// batch norm keeps using its running statistics (Keras' `model(x, training=True)` would not).
extension Trainer {
    /// The mean and standard deviation of `monteCarloSamples` stochastic predictions, elementwise,
    /// of each pass's outputs after `transform` (e.g. a softmax, to average probabilities as
    /// the predictive distribution does, not logits). Throws `DescentError.invalidArgument` for
    /// fewer than one sample.
    public func predict(_ x: Tensor, monteCarloSamples: Int, batchSize: Int = 256,
                        transform: (Tensor) -> Tensor = { $0 }) throws -> (mean: Tensor, standardDeviation: Tensor) {
        guard monteCarloSamples >= 1 else {
            throw DescentError.invalidArgument(name: "monteCarloSamples", value: "\(monteCarloSamples)", expected: "an integer ≥ 1")
        }
        let stochastic = model.layerTree.compactMap { $0 as? any StochasticLayer }
        let previous = stochastic.map(\.isActiveInInference)
        for layer in stochastic { layer.isActiveInInference = true }
        defer { for (layer, flag) in zip(stochastic, previous) { layer.isActiveInInference = flag } }

        var sum: [Double] = [], sumOfSquares: [Double] = []
        var shape: [Int] = []
        for _ in 0..<monteCarloSamples {
            let y = transform(predict(x, batchSize: batchSize))
            if sum.isEmpty {
                shape = y.shape
                sum = [Double](repeating: 0, count: y.count)
                sumOfSquares = sum
            }
            for (i, value) in y.scalars.enumerated() {
                sum[i] += Double(value)
                sumOfSquares[i] += Double(value) * Double(value)
            }
        }
        let t = Double(monteCarloSamples)
        let mean = sum.map { Float($0 / t) }
        let deviation = zip(sum, sumOfSquares).map { s, q in Float(Swift.max(q / t - (s / t) * (s / t), 0).squareRoot()) }
        return (Tensor(shape: shape, scalars: mean), Tensor(shape: shape, scalars: deviation))
    }
}
