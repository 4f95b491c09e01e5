import Descent

/// Trains a tiny model for `values.count` epochs while a `LambdaCallback` writes `values[epoch − 1]`
/// into each report under `key`, so that a callback placed after it sees a scripted metric.
func fitWithScriptedMetric(
    _ values: [Double], key: MetricKey = .validationLoss, learningRate: Float = 0.05, callbacks: [any Callback]
) throws -> (history: History, model: Sequential) {
    let model = Sequential { Dense(inputSize: 2, outputSize: 1, generator: RandomGenerator(seed: 1)) }
    let trainer = Trainer(model: model, loss: MeanSquaredError(),
                          optimizer: Optimizer(SGD(), parameters: model.parameters, learningRate: learningRate), metrics: [])
    let x = Tensor.randomNormal([16, 2], generator: RandomGenerator(seed: 2))
    let y = Tensor.randomNormal([16, 1], generator: RandomGenerator(seed: 3))
    let script = LambdaCallback(epochDidEnd: { report, _ in report.metrics[key] = values[report.epoch - 1] })
    let history = try trainer.fit(x, y, epochs: values.count, batchSize: 8, verbosity: .silent, callbacks: [script] + callbacks)
    return (history, model)
}
