@testable import Descent
import Foundation
import Testing

/// Batches prepared ahead on a background thread train exactly what batches prepared on demand
/// train: same history.csv, same weights, same augmentation stream, also when a run stops
/// inside an epoch or resumes from a checkpoint taken inside one.
@Suite struct BatchPrefetcherTests {
    /// 90 random 6×6×2 images of 3 classes, a small CNN with dropout, image augmentation.
    static func trainer(prefetchDepth: Int) throws -> (Trainer, Tensor, Tensor) {
        let generator = RandomGenerator(seed: 11)
        let x = Tensor.randomNormal([90, 6, 6, 2], generator: generator)
        let y = Tensor((0..<90).map { Float($0 % 3) })
        let model = Sequential {
            Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: (3, 3), padding: .same, activation: .relu, generator: RandomGenerator(seed: 1))
            MaxPool2D(size: (2, 2))
            Flatten()
            Dropout(rate: 0.3, generator: RandomGenerator(seed: 2))
            Dense(inputSize: 36, outputSize: 3, generator: RandomGenerator(seed: 3))
        }
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 0.01))
        trainer.augmentation = ImageAugmentation(.init(flipProbability: 0.5, cropPadding: 1, rotationDegrees: 10, cutoutSize: 2, noiseStandardDeviation: 0.05),
                                                 generator: RandomGenerator(seed: 4))
        trainer.prefetchDepth = prefetchDepth
        return (trainer, x, y)
    }

    static func weights(_ trainer: Trainer) -> [[Float]] { trainer.model.parameters.map { $0.parameter.value.scalars } }

    @Test(arguments: [1, 2, 5])
    func prefetchedTrainingEqualsOnDemandTraining(depth: Int) throws {
        let (reference, x, y) = try Self.trainer(prefetchDepth: 0)
        let expected = try reference.fit(x, y, epochs: 3, batchSize: 16, validationData: (x, y), seed: 5, verbosity: .silent)
        let (prefetching, _, _) = try Self.trainer(prefetchDepth: depth)
        let history = try prefetching.fit(x, y, epochs: 3, batchSize: 16, validationData: (x, y), seed: 5, verbosity: .silent)
        #expect(history.csv == expected.csv)
        #expect(Self.weights(prefetching) == Self.weights(reference))
        #expect(prefetching.augmentation!.generator.state == reference.augmentation!.generator.state)
    }

    /// Stops after batch 3 of epoch 2: the producer, waiting with batches ready, is stopped; the
    /// augmentation stream stands after the batches trained, not after those prepared.
    @Test func aStopInsideAnEpochLeavesTheStreamAfterTheTrainedBatches() throws {
        func run(_ depth: Int) throws -> (Trainer, History) {
            let (trainer, x, y) = try Self.trainer(prefetchDepth: depth)
            let stop = LambdaCallback(batchDidEnd: { batch, _, context in
                if context.epoch == 2 && batch == 2 { context.stop(StopReason(.interrupted, "stopped by the test")) }
            })
            return (trainer, try trainer.fit(x, y, epochs: 3, batchSize: 8, seed: 5, verbosity: .silent, callbacks: [stop]))
        }
        let (onDemand, first) = try run(0), (prefetched, second) = try run(3)
        #expect(first.csv == second.csv && first.epochs.count == 1)
        #expect(prefetched.augmentation!.generator.state == onDemand.augmentation!.generator.state)
        #expect(Self.weights(prefetched) == Self.weights(onDemand))
    }

    @Test func aBatchCheckpointResumedWithPrefetchingEndsLikeAnUninterruptedRun() throws {
        let folder = temporaryFolder()
        let (whole, x, y) = try Self.trainer(prefetchDepth: 0)
        let expected = try whole.fit(x, y, epochs: 2, batchSize: 16, seed: 5, verbosity: .silent)
        let (interrupted, _, _) = try Self.trainer(prefetchDepth: 2)
        let checkpointer = TrainingCheckpointer(folder: folder, keep: nil)
        checkpointer.batchInterval = 2
        let stop = LambdaCallback(batchDidEnd: { batch, _, context in
            if context.epoch == 2 && batch == 3 { context.stop(StopReason(.interrupted, "stopped by the test")) }
        })
        _ = try interrupted.fit(x, y, epochs: 2, batchSize: 16, seed: 5, verbosity: .silent, callbacks: [checkpointer, stop])
        let (resumed, _, _) = try Self.trainer(prefetchDepth: 2)
        let checkpoint = try #require(try TrainingCheckpointer.latest(in: folder))
        #expect(checkpoint.epochInProgress != nil)
        let history = try resumed.fit(x, y, epochs: 2, batchSize: 16, seed: 5, verbosity: .silent,
                                      callbacks: [TrainingCheckpointer(folder: folder, keep: nil)], resumingFrom: checkpoint)
        #expect(history.csv == expected.csv)
        #expect(Self.weights(resumed) == Self.weights(whole))
    }
}
