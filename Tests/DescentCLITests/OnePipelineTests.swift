import Descent
import Foundation
import Testing

/// Flag runs and file runs share one pipeline: every run folder can be resumed after a kill,
/// replayed from its experiment.yaml and extended, and flags beside a file override its keys.
@Suite(.serialized) struct OnePipelineTests {
    static let flags = ["--dataset", "moons", "--samples", "300", "--hidden", "16", "--dropout", "0.2", "--batch-size", "16"]

    func history(_ folder: URL) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
    }

    @Test func killedFlagRunResumesBitIdentically() throws {
        let folder = Descent.temporaryFolder()
        let straight = folder.appendingPathComponent("straight"), killed = folder.appendingPathComponent("killed")
        let a = try Descent.run(["train", "--quiet", "--epochs", "40"] + Self.flags + ["--output", straight.path])
        #expect(a.status == 0, "\(a.standardError)")
        let third = killed.appendingPathComponent("checkpoints/checkpoint-0-00003.safetensors")
        let wasKilled = try Descent.runKilled(["train", "--quiet", "--epochs", "40"] + Self.flags + ["--output", killed.path]) {
            FileManager.default.fileExists(atPath: third.path)
        }
        #expect(wasKilled, "the run ended before the kill; the test did not interrupt it")
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("model").path))
        let resumed = try Descent.run(["train", "--resume", killed.path])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("Resuming phase 0 after epoch"), "\(resumed.standardOutput)")
        try PersistenceCommandTests.expectSameRun(straight, killed)
    }

    @Test func flagRunReplaysFromItsExperimentFile() throws {
        let folder = Descent.temporaryFolder()
        let original = folder.appendingPathComponent("original"), replay = folder.appendingPathComponent("replay")
        let a = try Descent.run(["train", "--quiet", "--epochs", "5", "--schedule", "cosine"] + Self.flags + ["--output", original.path])
        #expect(a.status == 0, "\(a.standardError)")
        let b = try Descent.run(["train", "--quiet", original.appendingPathComponent("experiment.yaml").path, "--output", replay.path])
        #expect(b.status == 0, "\(b.standardError)")
        #expect(try history(original) == history(replay))
        #expect(try history(original).split(separator: "\n").count == 6)
    }

    /// A constant learning rate does not depend on the run's length, so 3 epochs extended to 6
    /// end as a 6-epoch run does.
    @Test func resumeWithMoreEpochsExtendsTheRun() throws {
        let folder = Descent.temporaryFolder()
        let straight = folder.appendingPathComponent("straight"), extended = folder.appendingPathComponent("extended")
        #expect(try Descent.run(["train", "--quiet", "--epochs", "6"] + Self.flags + ["--output", straight.path]).status == 0)
        #expect(try Descent.run(["train", "--quiet", "--epochs", "3"] + Self.flags + ["--output", extended.path]).status == 0)
        #expect(try history(extended).split(separator: "\n").count == 4)
        let more = try Descent.run(["train", "--quiet", "--resume", extended.path, "--epochs", "6"])
        #expect(more.status == 0, "\(more.standardError)")
        try PersistenceCommandTests.expectSameRun(straight, extended)
        #expect(try String(contentsOf: extended.appendingPathComponent("experiment.yaml"), encoding: .utf8).contains("epochs: 6"))
        let fewer = try Descent.run(["train", "--quiet", "--resume", extended.path, "--epochs", "2"])
        #expect(fewer.status == 2 && fewer.standardError.contains("at least the 6 epochs"), "\(fewer.standardError)")
    }

    @Test(arguments: [
        (["--epochs", "2"], "epochs: 2"),
        (["--lr", "0.05"], "learning_rate: 0.05"),
        (["--batch-size", "8"], "batch_size: 8"),
        (["--seed", "9"], "seed: 9"),
        (["--optimizer", "sgd", "--momentum", "0.5"], "momentum: 0.5"),
        (["--dataset", "circles"], "dataset: circles"),
        (["--split", "0.6,0.2"], "train: 0.6"),
        (["--schedule", "cosine", "--t-max", "7"], "t_max: 7"),
        (["--reduce-on-plateau", "--plateau-patience", "2"], "type: reduce_lr_on_plateau"),
        (["--diagnostics"], "diagnostics: true"),
    ])
    func flagBesideAFileOverridesItsKey(_ override: [String], _ line: String) throws {
        let folder = Descent.temporaryFolder()
        let config = try PersistenceCommandTests.writeConfig(folder, epochs: 3, output: folder.appendingPathComponent("file").path)
        let before = try Descent.run(["train", "--print-config", config.path])
        #expect(before.status == 0, "\(before.standardError)")
        #expect(!before.standardOutput.contains(line), "\(line) already in the file")
        let printed = try Descent.run(["train", "--print-config", config.path] + override)
        #expect(printed.status == 0, "\(printed.standardError)")
        #expect(printed.standardOutput.contains(line), "\(printed.standardOutput)")
        let run = folder.appendingPathComponent("run")
        let trained = try Descent.run(["train", "--quiet", config.path, "--output", run.path] + override)
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(try String(contentsOf: run.appendingPathComponent("experiment.yaml"), encoding: .utf8).contains(line))
    }

    @Test func overriddenEpochsAndLearningRateChangeTheRun() throws {
        let folder = Descent.temporaryFolder()
        let config = try PersistenceCommandTests.writeConfig(folder, epochs: 3, output: folder.appendingPathComponent("file").path)
        let run = folder.appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", config.path, "--epochs", "2", "--lr", "0.05", "--output", run.path])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = try history(run).split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows.dropFirst().allSatisfy { $0.contains(",0.05") }, "\(rows)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("file").path))
    }

    @Test(arguments: [
        (["--resume", "RUN", "--hidden", "8"], "--hidden cannot change a run being resumed"),
        (["--resume", "RUN", "--lr", "0.1"], "--lr cannot change a run being resumed"),
        (["--resume", "RUN", "--output", "/tmp/x"], "--output cannot change a run being resumed"),
        (["FILE", "--hidden", "8"], "--hidden shapes the MLP the flags build"),
        (["FILE", "--dropout", "0.5"], "--dropout shapes the MLP the flags build"),
        (["FILE", "--resume", "RUN"], "not both"),
    ])
    func flagThatCannotApplyIsAnError(_ arguments: [String], _ message: String) throws {
        let folder = Descent.temporaryFolder()
        let run = folder.appendingPathComponent("run")
        #expect(try Descent.run(["train", "--quiet", "--epochs", "1"] + Self.flags + ["--output", run.path]).status == 0)
        let config = try PersistenceCommandTests.writeConfig(folder, epochs: 1, output: folder.appendingPathComponent("file").path)
        let resolved = arguments.map { $0 == "RUN" ? run.path : $0 == "FILE" ? config.path : $0 }
        let result = try Descent.run(["train", "--quiet"] + resolved)
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }
}
