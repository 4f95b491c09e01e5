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
        let matrix = try #require(result.confusion)
        #expect(matrix.total == 30 && matrix.classCount == 2)   // 200 samples, 15 % test
        #expect(abs(matrix.accuracy - result.test[.accuracy]!) < 1e-9)
        #expect(result.test["macro_f1"] == matrix.macroF1)
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Confusion matrix (test split") && report.contains("macro average"))
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

    static func silentRun(_ experiment: Experiment, overwriting: Bool = false) -> ExperimentRun {
        var run = ExperimentRun(experiment)
        (run.verbosity, run.isOverwriting) = (.silent, overwriting)
        return run
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func aFreshRunRefusesAnotherRunsFolderUnlessOverwriting() throws {
        let output = Self.folder()
        _ = try Self.silentRun(try Self.experiment(output: output, epochs: 1)).run()
        try "from the first run".write(to: output.appendingPathComponent("stale.txt"), atomically: true, encoding: .utf8)
        let refused = Self.message { _ = try Self.silentRun(try Self.experiment(output: output, epochs: 2)).run() }
        #expect(refused.contains("holds another run") && refused.contains("--overwrite"), "\(refused)")
        let replaced = try Self.silentRun(try Self.experiment(output: output, epochs: 2), overwriting: true).run()
        #expect(replaced.histories[0].epochs.count == 2)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("stale.txt").path))
    }

    @Test func aFolderWithOtherFilesIsNeverOverwritten() throws {
        let output = Self.folder()
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try "keep me".write(to: output.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let refused = Self.message { _ = try Self.silentRun(try Self.experiment(output: output, epochs: 1), overwriting: true).run() }
        #expect(refused.contains("not a run folder (notes.txt)"), "\(refused)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("notes.txt").path))
    }

    @Test func aLiveLockStopsASecondWriterAndAStaleOneIsTakenOver() throws {
        let output = Self.folder()
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let lock = output.appendingPathComponent(".lock")
        try "\(getppid()) descent train other.yaml\n".write(to: lock, atomically: true, encoding: .utf8)
        let refused = Self.message { _ = try Self.silentRun(try Self.experiment(output: output, epochs: 1)).run() }
        #expect(refused.contains("is being written by process \(getppid()) (descent train other.yaml)"), "\(refused)")
        try "999999999 descent train gone.yaml\n".write(to: lock, atomically: true, encoding: .utf8)
        try "partial".write(to: output.appendingPathComponent(".history.csv.tmp-1-2"), atomically: true, encoding: .utf8)
        _ = try Self.silentRun(try Self.experiment(output: output, epochs: 1)).run()
        #expect(!FileManager.default.fileExists(atPath: lock.path), "the lock is released at the end")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(".history.csv.tmp-1-2").path))
    }

    @Test func resumingAnEditedExperimentListsTheChangedKeys() throws {
        let output = Self.folder()
        _ = try Self.silentRun(try Self.experiment(output: output, epochs: 2)).run()
        let file = output.appendingPathComponent(ExperimentRun.configFile)
        let edited = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "seed: 3", with: "seed: 4")
            .replacingOccurrences(of: "rate: 0.3", with: "rate: 0.5")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let refused = Self.message { _ = try ExperimentRun.resuming(output).run() }
        #expect(refused.contains("model[3].rate, seed"), "\(refused)")
        var extended = try ExperimentRun.resuming(output)
        (extended.config.epochs, extended.config.seed, extended.verbosity) = (3, 3, .silent)
        extended.config = try Experiment(node: try ConfigNode.parse(try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "seed: 4", with: "seed: 3").replacingOccurrences(of: "rate: 0.5", with: "rate: 0.3")
            .replacingOccurrences(of: "epochs: 2", with: "epochs: 3"), file: "edited"), file: "edited")
        #expect(try extended.run().histories[0].epochs.count == 3)
    }

    /// Counters of an edited or damaged checkpoint are refused with a message, never trapped on.
    @Test(arguments: [
        ("optimizer", "step", -5.0), ("optimizer", "step", 1e30), ("epochInProgress", "batches", 9999.0), ("epochInProgress", "batches", -1.0),
        ("early_stopping", "wait", 1e30), ("early_stopping", "wait", -2.0),
    ])
    func editedCheckpointCountersAreRefused(_ section: String, _ key: String, _ value: Double) throws {
        let output = Self.folder()
        var stopped = Self.silentRun(try Self.experiment(output: output))
        stopped.additionalCallbacks = [LambdaCallback(batchDidEnd: { _, _, context in
            if context.globalStep == 22 { context.stop(StopReason(.interrupted, "stopped by the test")) }
        })]
        _ = try stopped.run()
        let latest = try #require(TrainingCheckpointer.files(in: output.appendingPathComponent("checkpoints")).last)
        var file = try SafeTensors(contentsOf: latest)
        var state = try #require(try JSONSerialization.jsonObject(with: Data(file.metadata["descent.state"]!.utf8)) as? [String: Any])
        if section == "early_stopping" {
            var callbacks = state["callbacks"] as! [String: [String: Double]]
            callbacks[section]![key] = value
            state["callbacks"] = callbacks
        } else {
            var part = state[section] as! [String: Any]
            part[key] = value
            state[section] = part
        }
        file.metadata["descent.state"] = String(decoding: try JSONSerialization.data(withJSONObject: state), as: UTF8.self)
        try file.write(to: latest)
        var message = "no error"   // a thrown error, or a run that failed saying why (callback states restore as training begins)
        do {
            var resumed = try ExperimentRun.resuming(output)
            resumed.verbosity = .silent
            let result = try resumed.run()
            if result.isFailure, let reason = result.stopReason { message = reason.message }
        } catch {
            message = "\(error)"
        }
        #expect(message != "no error" && (message.contains(key) || message.contains("descent.state")), "\(message)")
    }

    /// Bad input found while building the data or the model leaves no empty run folder behind.
    @Test func badInputLeavesNoRunFolder() throws {
        let output = Self.folder()
        var experiment = try Self.experiment(output: output)
        experiment.data.samples = 3   // too few for the split
        let message = Self.message { _ = try Self.silentRun(experiment).run() }
        #expect(message.contains("split empty"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
