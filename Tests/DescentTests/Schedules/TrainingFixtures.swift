import Descent
import Testing

/// A tiny classification problem: 8 points, 2 classes, an MLP 2-4-2, plain SGD.
struct TinyProblem {
    let x: Tensor
    let y: Tensor
    let model: Sequential
    let optimizer: Optimizer<SGD>
    let trainer: Trainer

    init(seed: UInt64 = 1, learningRate: Float = 0.1, momentum: Float = 0) {
        let generator = RandomGenerator(seed: seed)
        x = Tensor.randomNormal([8, 2], generator: generator)
        y = Tensor([0, 1, 0, 1, 0, 1, 0, 1] as [Float])
        model = Sequential.multilayerPerceptron(inputSize: 2, hidden: [4], outputSize: 2, generator: generator)
        optimizer = Optimizer(SGD(momentum: momentum), parameters: model.parameters, learningRate: learningRate)
        trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
    }

    /// Trains in batches of 2 (4 updates per epoch) without shuffling.
    func fit(epochs: Int, callbacks: [any Callback]) throws -> History {
        try trainer.fit(x, y, epochs: epochs, batchSize: 2, shuffle: false, verbosity: .silent, callbacks: callbacks)
    }
}

/// Records the optimizer's learning rate as used by each update.
final class LearningRateSpy: Callback {
    var rates: [Float] = []
    func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) { rates.append(context.optimizer.learningRate) }
}

/// Writes a given value of `key` into each epoch's report (a stand-in for a real metric).
final class MetricFeeder: Callback {
    let key: MetricKey
    let values: [Double]
    init(_ key: MetricKey, _ values: [Double]) { self.key = key; self.values = values }
    func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) { report.metrics[key] = values[report.epoch - 1] }
}

/// The values of one column of `history.csv`, parsed back from the text.
func csvColumn(_ csv: String, _ name: String) -> [Double] {
    let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    guard let header = rows.first, let column = header.firstIndex(of: name) else { return [] }
    return rows.dropFirst().compactMap { Double($0[column]) }
}
