@testable import Descent
import Foundation
import Testing

/// Data-parallel training with ranks as threads (`ThreadGroup`): the same global batch on 1, 2
/// or 3 ranks gives the same training within float rounding, the same world size gives the same
/// bits run to run, and mistakes end every rank with an error instead of a hang.
@Suite struct DataParallelTests {
    /// 70 samples (batches of 16: the last one holds 6, fewer rows than 3 ranks × 2).
    static let data: (x: Tensor, y: Tensor) = {
        let generator = RandomGenerator(seed: 3)
        let x = Tensor.randomNormal([70, 5], generator: generator)
        return (x, Tensor((0..<70).map { Float($0 % 3) }))
    }()

    static func trainer(dropout: Bool = false, communicator: (any Communicator)?) -> Trainer {
        let model = Sequential {
            Dense(inputSize: 5, outputSize: 12, activation: .tanh, generator: RandomGenerator(seed: 1))
            if dropout { Dropout(rate: 0.2, generator: RandomGenerator(seed: 9)) }
            Dense(inputSize: 12, outputSize: 3, generator: RandomGenerator(seed: 2))
        }
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
                              optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 0.02, clipping: .globalNorm(1)))
        trainer.dataParallel = communicator.map(DataParallel.init(communicator:))
        return trainer
    }

    static func fit(_ trainer: Trainer) throws -> (History, [Float]) {
        let (x, y) = data
        let history = try trainer.fit(x, y, epochs: 3, batchSize: 16, validationData: (x, y), seed: 4, verbosity: .silent)
        return (history, trainer.model.parameters.flatMap { $0.parameter.value.scalars })
    }

    @Test(arguments: [2, 3])
    func ranksTrainWhatOneProcessTrains(size: Int) throws {
        let (single, singleWeights) = try Self.fit(Self.trainer(communicator: nil))
        let ranks = try ThreadGroup.run(size: size) { try Self.fit(Self.trainer(communicator: $0)) }
        for (history, weights) in ranks {
            #expect(history.csv == ranks[0].0.csv && weights == ranks[0].1)   // every rank holds the same model
            let worst = zip(weights, singleWeights).map { abs($0 - $1) / Swift.max(1, abs($1)) }.max()!
            #expect(worst < 1e-4, "largest relative weight difference \(worst)")
            for (epoch, reference) in zip(history.epochs, single.epochs) {
                for key in [MetricKey.loss, .accuracy, .validationLoss, .validationAccuracy] {
                    #expect(abs(epoch[key]! - reference[key]!) < 1e-4, "\(key) epoch \(epoch.epoch)")
                }
            }
        }
    }

    @Test func theSameWorldSizeGivesTheSameBits() throws {
        let first = try ThreadGroup.run(size: 2) { try Self.fit(Self.trainer(dropout: true, communicator: $0)) }
        let second = try ThreadGroup.run(size: 2) { try Self.fit(Self.trainer(dropout: true, communicator: $0)) }
        #expect(first[0].1 == second[0].1 && first[0].0.csv == second[0].0.csv && first[1].1 == first[0].1)
    }

    @Test func sharesCoverTheBatchContiguously() {
        final class Fake: Communicator {
            let rank: Int, size: Int
            init(_ rank: Int, _ size: Int) { (self.rank, self.size) = (rank, size) }
            func allReduce(_ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation) {}
            func allReduce(_ buffer: UnsafeMutableBufferPointer<Double>, _ operation: ReductionOperation) {}
            func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) {}
            func barrier() {}
        }
        #expect((0..<3).map { Fake($0, 3).share(of: 7) } == [0..<3, 3..<5, 5..<7])
        #expect((0..<4).map { Fake($0, 4).share(of: 2) } == [0..<1, 1..<2, 2..<2, 2..<2])
    }

    @Test func aRankWithAnotherModelStopsEveryRank() throws {
        do {
            _ = try ThreadGroup.run(size: 2) { communicator -> Int in
                let trainer = communicator.rank == 1 ? Self.trainer(dropout: true, communicator: communicator) : Self.trainer(communicator: communicator)
                _ = try Self.fit(trainer)
                return 0
            }
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("invalid rank 1 'a different model or experiment'") && "\(error)".contains("rank 0's parameter 1.weight of shape [12, 3]") , "\(error)")
        }
    }

    @Test func collectivesOfAThreadGroupReduceAndBroadcast() throws {
        let results = try ThreadGroup.run(size: 3) { communicator -> ([Float], [Double], [UInt8]) in
            let sum = try communicator.allReduce([Float(communicator.rank), 1])
            let max = try communicator.allReduce([Double(communicator.rank) * 2], .max)
            let bytes = try communicator.broadcast(communicator.rank == 0 ? [7, 8, 9] : [], root: 0)
            try communicator.barrier()
            return (sum, max, bytes)
        }
        for (sum, max, bytes) in results { #expect(sum == [3, 3] && max == [4] && bytes == [7, 8, 9]) }
    }

    /// Each rank augments the whole batch from the common stream and keeps its share, so the
    /// images (and the stream a checkpoint records) are those of one process.
    @Test func augmentedImagesAreTheSameOnAnyNumberOfRanks() throws {
        let generator = RandomGenerator(seed: 5)
        let x = Tensor.randomNormal([40, 6, 6, 1], generator: generator), y = Tensor((0..<40).map { Float($0 % 2) })
        func trainer(_ communicator: (any Communicator)?) -> Trainer {
            let model = Sequential {
                Conv2D(inputChannels: 1, outputChannels: 3, kernelSize: (3, 3), padding: .same, activation: .relu, generator: RandomGenerator(seed: 1))
                Flatten()
                Dense(inputSize: 108, outputSize: 2, generator: RandomGenerator(seed: 2))
            }
            let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: Optimizer(SGD(momentum: 0.9), parameters: model.parameters, learningRate: 0.05))
            trainer.augmentation = ImageAugmentation(.init(flipProbability: 0.5, cropPadding: 1, rotationDegrees: 10, cutoutSize: 2), generator: RandomGenerator(seed: 3))
            trainer.dataParallel = communicator.map(DataParallel.init(communicator:))
            return trainer
        }
        let single = trainer(nil)
        _ = try single.fit(x, y, epochs: 2, batchSize: 12, seed: 4, verbosity: .silent)
        let expected = single.model.parameters.flatMap { $0.parameter.value.scalars }
        let ranks = try ThreadGroup.run(size: 3) { communicator -> ([Float], RandomState) in
            let parallel = trainer(communicator)
            _ = try parallel.fit(x, y, epochs: 2, batchSize: 12, seed: 4, verbosity: .silent)
            return (parallel.model.parameters.flatMap { $0.parameter.value.scalars }, parallel.augmentation!.generator.state)
        }
        for (weights, stream) in ranks {
            #expect(stream == single.augmentation!.generator.state)
            #expect(zip(weights, expected).map { abs($0 - $1) }.max()! < 1e-5)
        }
    }
}
