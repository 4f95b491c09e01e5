import Descent
import Testing

@Suite struct TrainerTests {
    func spiralRun(seed: UInt64, epochs: Int) throws -> (History, Trainer, Dataset) {
        let data = try SyntheticData.make("spirals", samples: 600, seed: seed)
        let parts = try data.split(train: 0.7, validation: 0.15, seed: seed)
        let model = Sequential.multilayerPerceptron(inputSize: 2, hidden: [32, 32], outputSize: 3, generator: RandomGenerator(seed: seed + 1))
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 0.01))
        let history = try trainer.fit(parts.train.features, parts.train.targets, epochs: epochs, batchSize: 32,
                                      validationData: (parts.validation.features, parts.validation.targets),
                                      seed: seed + 2, verbosity: .silent)
        return (history, trainer, parts.test)
    }

    @Test func learnsTheSpiralsAndLogsKerasColumns() throws {
        let (history, trainer, test) = try spiralRun(seed: 0, epochs: 40)
        #expect(history.columns.map(\.rawValue) == ["loss", "accuracy", "val_loss", "val_accuracy", "lr"])
        #expect(history.csv.hasPrefix("epoch,loss,accuracy,val_loss,val_accuracy,lr\n1,"))
        let first = history.epochs.first!, last = history.epochs.last!
        #expect(last[.loss]! < first[.loss]! / 4)
        #expect(last[.validationAccuracy]! > 0.9)
        #expect(trainer.evaluate(test.features, test.targets)[.accuracy]! > 0.9)
        // Initial loss near ln 3 = 1.0986 before much learning: the first epoch averages above 0.5.
        #expect(first[.loss]! > 0.5)
    }

    @Test func sameSeedGivesIdenticalHistory() throws {
        let a = try spiralRun(seed: 5, epochs: 3).0.csv
        let b = try spiralRun(seed: 5, epochs: 3).0.csv
        let c = try spiralRun(seed: 6, epochs: 3).0.csv
        #expect(a == b)
        #expect(a != c)
    }

    @Test func badSettingsThrowNamedErrors() {
        let model = Sequential.multilayerPerceptron(inputSize: 2, hidden: [4], outputSize: 2)
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: Optimizer(SGD(), parameters: model.parameters))
        let x = Tensor.zeros([10, 2]), y = Tensor.zeros([10])
        #expect(throws: DescentError.invalidArgument(name: "batchSize", value: "0", expected: "an integer ≥ 1")) {
            try trainer.fit(x, y, epochs: 1, batchSize: 0, verbosity: .silent)
        }
        #expect(throws: DescentError.self) { try trainer.fit(x, y, epochs: 0, verbosity: .silent) }
        #expect(throws: DescentError.self) { try trainer.fit(x, Tensor.zeros([9]), epochs: 1, verbosity: .silent) }
        #expect(throws: DescentError.self) { try trainer.fit(x, y, epochs: 1, validationSplit: 1.5, verbosity: .silent) }
    }

    @Test func nonFiniteLossStopsTrainingWithAReason() throws {
        let model = Sequential.multilayerPerceptron(inputSize: 1, hidden: [4], outputSize: 1)
        let trainer = Trainer(model: model, loss: MeanSquaredError(), optimizer: Optimizer(SGD(), parameters: model.parameters, learningRate: 1e6), metrics: [])
        let x = Tensor.randomNormal([64, 1], standardDeviation: 100), y = Tensor.randomNormal([64, 1], standardDeviation: 100)
        let history = try trainer.fit(x, y, epochs: 50, batchSize: 8, verbosity: .silent)
        #expect(history.stopReason?.message.contains("lower learning rate") == true)
        #expect(history.epochs.count < 50)
    }

    @Test func validationSplitHoldsOutTheTail() throws {
        let model = Sequential.multilayerPerceptron(inputSize: 1, hidden: [4], outputSize: 1)
        let trainer = Trainer(model: model, loss: MeanSquaredError(), optimizer: Optimizer(SGD(), parameters: model.parameters), metrics: [.meanAbsoluteError])
        let x = Tensor.arange(0, 10).reshaped(to: [10, 1])
        let history = try trainer.fit(x, x, epochs: 2, batchSize: 4, validationSplit: 0.2, verbosity: .silent)
        #expect(history.epochs.count == 2)
        #expect(history.epochs[0][MetricKey("val_mae")] != nil)
        #expect(trainer.predict(x).shape == [10, 1])
    }

    @Test func callbacksSeeEveryBatchAndCanStop() throws {
        final class Counter: Callback {
            var batches = 0, epochs = 0
            func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) { batches += 1 }
            func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
                epochs += 1
                report.metrics["custom"] = 42
                if report.epoch == 2 { context.stop(reason: "enough") }
            }
        }
        let counter = Counter()
        let model = Sequential.multilayerPerceptron(inputSize: 1, hidden: [4], outputSize: 1)
        let trainer = Trainer(model: model, loss: MeanSquaredError(), optimizer: Optimizer(SGD(), parameters: model.parameters), metrics: [])
        let history = try trainer.fit(Tensor.zeros([10, 1]), Tensor.zeros([10, 1]), epochs: 5, batchSize: 3, verbosity: .silent, callbacks: [counter])
        #expect(counter.batches == 8 && counter.epochs == 2)  // 4 batches per epoch (last one partial)
        #expect(history.stopReason?.message == "enough")
        #expect(history.csv.split(separator: "\n").first == "epoch,loss,lr,custom")
    }
}
