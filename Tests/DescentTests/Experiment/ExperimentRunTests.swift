@testable import Descent
import Foundation
import Testing

/// The experiment pipeline from the library alone: run, interrupt, resume, extend.
@Suite(.serialized) struct ExperimentRunTests {
    /// 140 training samples in batches of 16: 9 batches per epoch, a checkpoint every 4.
    static func experiment(output: URL, epochs: Int = 4) throws -> Experiment {
        let text = """
            data: {dataset: moons, samples: 200}
            model:
              - {type: dense, units: 16}
              - {type: batch_norm}
              - {type: activation, activation: relu}
              - {type: dropout, rate: 0.3}
              - {type: dense, units: 2}
            optimizer: {type: adam, learning_rate: 0.01}
            callbacks: [{type: early_stopping, patience: 50, restore_best_weights: true}]
            checkpoint: {keep: 3, every_batches: 4}
            augmentation: {input_noise: 0.05}
            epochs: \(epochs)
            batch_size: 16
            seed: 3
            output: \(output.path)
            """
        return try Experiment(node: try ConfigNode.parse(text, file: "test.yaml"), file: "test.yaml")
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("descent-run-\(UUID().uuidString)")
    }

    @Test func runWritesTheRunFolderAndItsExperimentReadsBack() throws {
        let output = Self.folder()
        var run = ExperimentRun(try Self.experiment(output: output))
        run.verbosity = .silent
        let result = try run.run()
        #expect(result.histories.count == 1 && result.histories[0].epochs.count == 4)
        #expect(result.test[.accuracy] != nil && !result.isFailure && !result.isInterrupted)
        for name in ["experiment.yaml", "history.csv", "checkpoints", "model/weights.safetensors", "report.html", "learning-curves.svg"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "missing \(name)")
        }
        let reread = try ExperimentRun.experiment(inRunFolder: output)
        #expect(try reread.resolvedNode().yamlText == Self.experiment(output: output).resolvedNode().yamlText)
    }

    /// Interrupted by a callback after the 22nd batch (the 4th of epoch 3, checkpointed), the
    /// resumed run redraws epoch 3's permutation, skips 4 batches and ends like the
    /// uninterrupted one, bit for bit.
    @Test func interruptedRunResumesFromTheBatchBitIdentically() throws {
        let straight = Self.folder(), interrupted = Self.folder()
        var first = ExperimentRun(try Self.experiment(output: straight))
        first.verbosity = .silent
        let expected = try first.run()

        var stopped = ExperimentRun(try Self.experiment(output: interrupted))
        stopped.verbosity = .silent
        stopped.additionalCallbacks = [LambdaCallback(batchDidEnd: { _, _, context in
            if context.globalStep == 22 { context.stop(StopReason(.interrupted, "stopped by the test")) }
        })]
        let partial = try stopped.run()
        #expect(partial.isInterrupted && partial.test.isEmpty)
        #expect(partial.histories[0].epochs.count == 2)
        let latest = try #require(TrainingCheckpointer.files(in: interrupted.appendingPathComponent("checkpoints")).last)
        #expect(latest.lastPathComponent == "checkpoint-0-00002-00004.safetensors")
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("model").path))

        var resumed = try ExperimentRun.resuming(interrupted)
        resumed.verbosity = .silent
        let finished = try resumed.run()
        #expect(finished.histories[0].csv == expected.histories[0].csv)
        #expect(finished.test == expected.test)
        let weights = "model/weights.safetensors"
        #expect(try Data(contentsOf: straight.appendingPathComponent(weights)) == Data(contentsOf: interrupted.appendingPathComponent(weights)))
    }

    @Test func resumingWithMoreEpochsExtends() throws {
        let straight = Self.folder(), extended = Self.folder()
        var six = ExperimentRun(try Self.experiment(output: straight, epochs: 6))
        six.verbosity = .silent
        let expected = try six.run()
        var three = ExperimentRun(try Self.experiment(output: extended, epochs: 3))
        three.verbosity = .silent
        _ = try three.run()
        var more = try ExperimentRun.resuming(extended)
        (more.verbosity, more.config.epochs) = (.silent, 6)
        let result = try more.run()
        #expect(result.histories[0].csv == expected.histories[0].csv)
        #expect(try ExperimentRun.experiment(inRunFolder: extended).epochs == 6)
    }

    @Test func aFolderWithoutAnExperimentIsNotARunFolder() throws {
        let empty = Self.folder()
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: DescentError.self) { try ExperimentRun.resuming(empty) }
    }
}
