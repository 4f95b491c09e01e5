@testable import Descent
import Foundation
import Testing

/// Experiments on several ranks (threads standing in for MPI processes): rank 0 alone writes,
/// the run is one process's within rounding, a fixed-order run is the same bits on 1, 2 and 4
/// ranks, SyncBatchNorm keeps every rank's statistics equal, and a run resumes on another
/// number of ranks.
@Suite(.serialized) struct DataParallelExperimentTests {
    static func experiment(_ extra: String = "", model: String? = nil, epochs: Int = 3, output: URL) throws -> Experiment {
        let text = """
            data: {dataset: moons, samples: 130}
            model: \(model ?? "[{type: dense, units: 12, activation: tanh}, {type: dense, units: 2}]")
            optimizer: {type: adam, learning_rate: 0.02}
            checkpoint: {keep: 3, every_batches: 2}
            epochs: \(epochs)
            batch_size: 16
            seed: 7
            output: \(output.path)
            \(extra)
            """
        return try Experiment(node: try ConfigNode.parse(text, file: "dp.yaml"), file: "dp.yaml")
    }

    static func run(_ experiment: Experiment, ranks: Int, resuming: Bool = false, stopAfter step: Int? = nil) throws -> [ExperimentResult] {
        try ThreadGroup.run(size: ranks) { communicator in
            var run = resuming ? try ExperimentRun.resuming(URL(fileURLWithPath: experiment.output)) : ExperimentRun(experiment)
            run.verbosity = .silent
            run.communicator = communicator
            if let step {
                run.additionalCallbacks = [LambdaCallback(batchDidEnd: { _, _, context in
                    if context.globalStep == step { context.stop(StopReason(.interrupted, "stopped by the test")) }
                })]
            }
            return try run.run()
        }
    }

    static func weights(_ folder: URL) throws -> [Float] {
        let model = try SavedModel.load(from: folder.appendingPathComponent("model"))
        return model.model.parameters.flatMap { $0.parameter.value.scalars }
    }

    @Test func rankZeroWritesARunLikeOneProcess() throws {
        let single = temporaryFolder().appendingPathComponent("run"), parallel = temporaryFolder().appendingPathComponent("run")
        var alone = ExperimentRun(try Self.experiment(output: single))
        alone.verbosity = .silent
        let expected = try alone.run()
        let results = try Self.run(try Self.experiment(output: parallel), ranks: 2)
        #expect(results[0].histories[0].csv == results[1].histories[0].csv && results[0].test[.accuracy] == results[1].test[.accuracy])
        for (epoch, reference) in zip(results[0].histories[0].epochs, expected.histories[0].epochs) {
            #expect(abs(epoch[.validationLoss]! - reference[.validationLoss]!) < 1e-4)
        }
        #expect(abs(results[0].test[.accuracy]! - expected.test[.accuracy]!) < 1e-9)
        let files = try FileManager.default.contentsOfDirectory(atPath: parallel.path).sorted()
        #expect(files == ["augmented-samples.svg", "checkpoints", "experiment.yaml", "history.csv", "learning-curves.svg", "model", "report.html"].filter { $0 != "augmented-samples.svg" })
        let difference = zip(try Self.weights(parallel), try Self.weights(single)).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-4, "largest weight difference \(difference)")
    }

    @Test func aFixedOrderRunIsTheSameBitsOnOneTwoAndFourRanks() throws {
        let extra = "distributed: {fixed_order_chunks: 4}"
        let model = "[{type: dense, units: 12, activation: relu}, {type: dropout, rate: 0.2}, {type: dense, units: 2}]"
        var weights: [[Float]] = [], histories: [String] = []
        for ranks in [1, 2, 4] {
            let output = temporaryFolder().appendingPathComponent("run")
            let results = try Self.run(try Self.experiment(extra, model: model, output: output), ranks: ranks)
            weights.append(try Self.weights(output))
            histories.append(results[0].histories[0].csv)
        }
        #expect(weights[1] == weights[0] && weights[2] == weights[0])
        // the training columns too; validation is sharded, so its sums may differ in the last bits
        let training = histories.map { $0.split(separator: "\n").map { $0.split(separator: ",").prefix(3).joined(separator: ",") } }
        #expect(training[1] == training[0] && training[2] == training[0])
    }

    @Test func syncBatchNormGivesEveryRankTheStatisticsOfTheWholeBatch() throws {
        // no bias before BatchNorm: its gradient is 0 up to rounding, which Adam would blow up into steps
        let model = "[{type: dense, units: 8, use_bias: false}, {type: batch_norm}, {type: activation, activation: relu}, {type: dense, units: 2}]"
        let single = temporaryFolder().appendingPathComponent("run"), parallel = temporaryFolder().appendingPathComponent("run")
        var alone = ExperimentRun(try Self.experiment(model: model, output: single))
        alone.verbosity = .silent
        let expected = try alone.run()
        let results = try Self.run(try Self.experiment("distributed: {sync_batch_norm: true}", model: model, output: parallel), ranks: 2)
        for (epoch, reference) in zip(results[0].histories[0].epochs, expected.histories[0].epochs) {
            #expect(abs(epoch[.loss]! - reference[.loss]!) < 1e-4 && abs(epoch[.validationLoss]! - reference[.validationLoss]!) < 1e-4)
        }
        let difference = zip(try Self.weights(parallel), try Self.weights(single)).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-3, "largest weight or running-statistic difference \(difference)")
        // 130 samples, 15 % test, 15 % validation: 92 training rows; batches of 16 leave 12 — fine for 2 ranks, not for 13
        #expect(throws: DescentError.self) { _ = try Self.run(try Self.experiment("distributed: {sync_batch_norm: true}", model: model, output: parallel), ranks: 13) }
    }

    @Test func aRunStoppedOnTwoRanksResumesOnThree() throws {
        let output = temporaryFolder().appendingPathComponent("run")
        let experiment = try Self.experiment(epochs: 4, output: output)
        let stopped = try Self.run(experiment, ranks: 2, stopAfter: 9)
        #expect(stopped.allSatisfy { $0.isInterrupted })
        let finished = try Self.run(experiment, ranks: 3, resuming: true)
        #expect(finished[0].histories[0].epochs.map(\.epoch) == [1, 2, 3, 4] && finished[0].test[.accuracy] != nil)
        #expect(finished[1].histories[0].csv == finished[0].histories[0].csv)
    }

    @Test func theLearningRateScalesWithTheRanksAfterAWarmUp() throws {
        let output = temporaryFolder().appendingPathComponent("run")
        let results = try Self.run(try Self.experiment("distributed: {scale_learning_rate: true, warmup_epochs: 2}", epochs: 3, output: output), ranks: 2)
        let rates = results[0].histories[0].epochs.map { $0[.learningRate]! }
        #expect(rates[0] > 0.02 && rates[0] < 0.04 && abs(rates[2] - 0.04) < 1e-6, "\(rates)")
    }

    @Test func ranksWithDifferentExperimentsStopWithTheDifference() throws {
        let output = temporaryFolder().appendingPathComponent("run")
        do {
            _ = try ThreadGroup.run(size: 2) { communicator in
                var run = ExperimentRun(try Self.experiment(communicator.rank == 0 ? "" : "metrics: [accuracy, mae]", output: output))
                run.verbosity = .silent
                run.communicator = communicator
                return try run.run()
            }
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "invalid rank 1 'a different model or experiment': expected the same on every rank; the first difference is at the experiment (only where the run folder goes may differ): start every rank with the same experiment file or flags", "\(error)")
        }
        #expect(throws: DescentError.self) { _ = try Self.run(try Self.experiment(output: output), ranks: 200) }
    }

    @Test func aRankThatCannotStartIsReportedOnceByRankZero() throws {
        let output = temporaryFolder().appendingPathComponent("run")
        let outcomes = try ThreadGroup.run(size: 3) { communicator -> String in
            var experiment = try Self.experiment(output: output)
            if communicator.rank == 2 { experiment.data.dataset = nil; experiment.data.csv = "/nonexistent/data.csv"; experiment.data.label = "y" }
            var run = ExperimentRun(experiment)
            run.verbosity = .silent
            run.communicator = communicator
            do {
                _ = try run.run()
                return "ran"
            } catch let failure as RankFailure {
                return "\(failure)"
            } catch is PeerFailure {
                return "peer"
            }
        }
        #expect(outcomes == ["rank 2: /nonexistent/data.csv: no such file", "peer", "peer"], "\(outcomes)")
        #expect(!FileManager.default.fileExists(atPath: output.path))   // rank 0's new folder is removed again
    }

    @Test func mpiIsUsedOnlyUnderMPIRunWithSeveralRanks() throws {
        #expect(try MPICommunicator.fromEnvironment([:]) == nil)
        #expect(try MPICommunicator.fromEnvironment(["OMPI_COMM_WORLD_SIZE": "1"]) == nil)
    }
}
