@testable import Descent
import Foundation
import Testing

/// An interrupted and resumed run ends with the same weights, bit for bit, as an
/// uninterrupted one: dropout masks, batch-norm statistics, Adam moments, input noise,
/// shuffling and early-stopping state all continue where they stopped.
@Suite struct ResumeTests {
    struct Run {
        let model: Sequential
        let trainer: Trainer
        let data: (train: Dataset, validation: Dataset)

        init() throws {
            let parts = try SyntheticData.make("moons", samples: 120, seed: 3).split(train: 0.7, validation: 0.3, seed: 3)
            data = (parts.train, parts.validation)
            let weights = RandomGenerator(seed: 4), noise = RandomGenerator(seed: 5)
            model = Sequential {
                Dense(inputSize: 2, outputSize: 16, generator: weights)
                BatchNorm(featureCount: 16)
                ReLU()
                Dropout(rate: 0.3, generator: noise)
                Dense(inputSize: 16, outputSize: 16, activation: .tanh, generator: weights)
                GaussianNoise(standardDeviation: 0.1, generator: noise)
                Dense(inputSize: 16, outputSize: 2, generator: weights)
            }
            trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 0.01))
            trainer.augmentation = FeatureNoise(standardDeviation: 0.05, generator: RandomGenerator(seed: 6))
        }

        /// One call, fresh or resumed: `fit(resumingFrom:)` restores everything the checkpoint holds.
        func fit(epochs: Int, checkpointer: TrainingCheckpointer, resumingFrom checkpoint: TrainingCheckpoint? = nil,
                 interruptAfter: Int? = nil) throws -> History {
            let callbacks = checkpointer.including([EarlyStopping(patience: 3, restoresBestWeights: true, isVerbose: false), checkpointer.modelCheckpoint()])
            let interrupter = LambdaCallback(epochDidEnd: { report, context in
                if report.epoch == interruptAfter { context.stop(reason: "interrupted") }
            })
            return try trainer.fit(data.train.features, data.train.targets, epochs: epochs, batchSize: 16,
                                   validationData: (data.validation.features, data.validation.targets),
                                   seed: 7, verbosity: .silent, callbacks: callbacks + [interrupter], resumingFrom: checkpoint)
        }
    }

    static func bits(_ model: any Layer) -> [String: [UInt32]] { model.weightTensors.mapValues { $0.scalars.map(\.bitPattern) } }

    @Test func resumedRunMatchesUninterruptedRunBitForBit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let epochs = 8

        let straight = try Run()
        let straightHistory = try straight.fit(epochs: epochs, checkpointer: TrainingCheckpointer(folder: folder.appendingPathComponent("a")))

        let interrupted = try Run()
        let partial = try interrupted.fit(epochs: epochs, checkpointer: TrainingCheckpointer(folder: folder.appendingPathComponent("b"), keep: 2), interruptAfter: 3)
        #expect(partial.epochs.count == 3)
        #expect(TrainingCheckpointer.files(in: folder.appendingPathComponent("b")).map(\.lastPathComponent) == ["checkpoint-0-00002.safetensors", "checkpoint-0-00003.safetensors"])

        let resumed = try Run()  // a fresh process: new objects from the same seeds
        let checkpoint = try #require(try TrainingCheckpointer.latest(in: folder.appendingPathComponent("b")))
        #expect(checkpoint.epoch == 3 && checkpoint.batch == 0 && checkpoint.optimizer.step == 3 * 6)
        let resumedHistory = try resumed.fit(epochs: epochs, checkpointer: TrainingCheckpointer(folder: folder.appendingPathComponent("b"), keep: 2), resumingFrom: checkpoint)

        #expect(Self.bits(resumed.model) == Self.bits(straight.model))
        #expect(resumedHistory.csv == straightHistory.csv)
        #expect(resumedHistory.stopReason == straightHistory.stopReason)
        #expect(resumed.trainer.optimizer.step == straight.trainer.optimizer.step)
    }

    /// 84 samples in batches of 16: 6 batches per epoch, a checkpoint after every 4th. Resuming
    /// from the one inside epoch 3 (a fresh model, optimizer and generators) redraws epoch 3's
    /// permutation, trains its last 2 batches with the saved running sums, and ends like the
    /// uninterrupted run that wrote it.
    @Test func runResumedInsideAnEpochMatchesBitForBit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let straight = try Run()
        let writer = TrainingCheckpointer(folder: folder)
        writer.batchInterval = 4
        let straightHistory = try straight.fit(epochs: 5, checkpointer: writer)
        let names = TrainingCheckpointer.files(in: folder).map(\.lastPathComponent)
        #expect(names.prefix(4) == ["checkpoint-0-00000-00004.safetensors", "checkpoint-0-00001.safetensors",
                                    "checkpoint-0-00001-00004.safetensors", "checkpoint-0-00002.safetensors"])

        let checkpoint = try TrainingCheckpoint(contentsOf: folder.appendingPathComponent("checkpoint-0-00002-00004.safetensors"))
        let progress = try #require(checkpoint.epochInProgress)
        #expect(checkpoint.epoch == 2 && checkpoint.batch == 4 && checkpoint.optimizer.step == 2 * 6 + 4)
        #expect(progress.samples == 4 * 16 && progress.lossTotal > 0 && checkpoint.shuffler == progress.shufflerAtEpochStart)
        let resumed = try Run()
        let resumedHistory = try resumed.fit(epochs: 5, checkpointer: TrainingCheckpointer(folder: folder.appendingPathComponent("b")), resumingFrom: checkpoint)
        #expect(Self.bits(resumed.model) == Self.bits(straight.model))
        #expect(resumedHistory.csv == straightHistory.csv)
    }

    @Test func progressThatDoesNotFitTheEpochIsRejected() throws {
        let run = try Run()
        var progress = EpochProgress(shufflerAtEpochStart: RandomGenerator(seed: 1).state, metricCount: 1)
        progress.batches = 6
        let checkpoint = TrainingCheckpoint(phase: 0, history: History(), model: run.model, optimizer: run.trainer.optimizer, shuffler: RandomGenerator(seed: 1),
                                            augmentation: run.trainer.augmentation, callbacks: [], architecture: nil, epochInProgress: progress)
        #expect(throws: DescentError.self) {
            try run.trainer.fit(run.data.train.features, run.data.train.targets, epochs: 2, batchSize: 16, verbosity: .silent, resumingFrom: checkpoint)
        }
    }

    /// The control: without restoring the generators the continuation differs, so the test
    /// above can fail.
    @Test func resumingWithoutTheGeneratorStatesDiverges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let straight = try Run()
        _ = try straight.fit(epochs: 4, checkpointer: TrainingCheckpointer(folder: folder.appendingPathComponent("a")))
        let interrupted = try Run()
        _ = try interrupted.fit(epochs: 4, checkpointer: TrainingCheckpointer(folder: folder.appendingPathComponent("b")), interruptAfter: 2)
        let resumed = try Run()
        var checkpoint = try #require(try TrainingCheckpointer.latest(in: folder.appendingPathComponent("b")))
        checkpoint.generators = GeneratorStates(model: resumed.model, augmentation: resumed.trainer.augmentation)   // fresh streams
        _ = try resumed.fit(epochs: 4, checkpointer: TrainingCheckpointer(folder: folder.appendingPathComponent("b")), resumingFrom: checkpoint)
        #expect(Self.bits(resumed.model) != Self.bits(straight.model))
    }

    @Test func checkpointRoundTripsEveryPart() throws {
        let run = try Run()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let stopper = EarlyStopping(patience: 1, restoresBestWeights: true, isVerbose: false)
        let checkpointer = TrainingCheckpointer(folder: folder)
        _ = try run.trainer.fit(run.data.train.features, run.data.train.targets, epochs: 3, batchSize: 16,
                                validationData: (run.data.validation.features, run.data.validation.targets), seed: 1, verbosity: .silent,
                                callbacks: checkpointer.including([stopper, checkpointer.modelCheckpoint()]))
        let checkpoint = try #require(try TrainingCheckpointer.latest(in: folder))
        #expect(Set(checkpoint.weights.keys) == Set(run.model.parameters.map(\.path)))
        #expect(checkpoint.optimizer.rule == "adam" && checkpoint.optimizer.slots["0.weight"]?["exp_avg"]?.shape == [2, 16])
        #expect(checkpoint.generators.groups.map(\.owners) == [["3", "5"], ["augmentation"]])
        #expect(checkpoint.callbacks["early_stopping"]?.values["best_epoch"] != nil)
        #expect(checkpoint.callbacks["early_stopping"]?.tensors.keys.contains("1.running_mean") == true)
        #expect(checkpoint.history.epochs.count == checkpoint.epoch)
    }
}
