import Descent
import Foundation
import Testing

@Suite(.serialized) struct TrainCommandTests {
    /// The main job: the built-in default reaches ≥ 97 % validation accuracy and writes its run folder.
    @Test func defaultRunLearnsTheSpiralsAndWritesARunFolder() throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Run folder: \(folder.path)"))
        let csv = try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n")
        #expect(rows.first == "epoch,loss,accuracy,val_loss,val_accuracy,lr")
        #expect(rows.count == 101)
        let finalValidationAccuracy = Double(rows.last!.split(separator: ",")[4])!
        #expect(finalValidationAccuracy >= 0.97)
        let experiment = try Experiment(contentsOf: folder.appendingPathComponent("experiment.yaml"))
        #expect(experiment.data.dataset == "spirals")
        let testAccuracy = result.standardOutput.split(separator: " ").first { $0.hasPrefix("test_accuracy=") }
        #expect(Double(testAccuracy?.dropFirst("test_accuracy=".count) ?? "0")! >= 0.95)
    }

    @Test func sameSeedGivesTheSameHistoryFile() throws {
        let base = Descent.temporaryFolder()
        var files: [String] = []
        for name in ["a", "b"] {
            let folder = base.appendingPathComponent(name)
            let result = try Descent.run(["train", "--quiet", "--epochs", "5", "--seed", "11", "--output", folder.path])
            #expect(result.status == 0, "\(result.standardError)")
            files.append(try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8))
        }
        #expect(files[0] == files[1])
        #expect(files[0].split(separator: "\n").count == 6)
    }

    @Test(arguments: [
        (["--dataset", "spiral"], "unknown --dataset 'spiral'"),
        (["--batch-size", "0"], "--batch-size 0 must be at least 1"),
        (["--lr=-0.1"], "--lr -0.1 must be a positive number"),
        (["--hidden", "64,x"], "--hidden '64,x'"),
        (["--output", "/proc/descent-cannot-write-here"], "cannot create the folder"),
        (["--images", "x.npy", "--labels", "y.npy", "--model", "cnn", "--dropout", "0.3"], "--dropout shapes the MLP of --model mlp"),
        (["--images", "x.npy", "--labels", "y.npy", "--model", "cnn", "--activation", "tanh"], "--activation shapes the MLP of --model mlp"),
    ])
    func badInputExitsWithOneLineThatSaysWhatToChange(_ arguments: [String], _ message: String) throws {
        let result = try Descent.run(["train", "--quiet", "--epochs", "1"] + arguments)
        #expect(result.status == 2)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func helpExplainsTheOptionsWithAnExample() throws {
        let result = try Descent.run(["train", "--help"])
        #expect(result.status == 0)
        for flag in ["--epochs", "--batch-size", "--lr", "--seed", "--dataset", "--hidden", "--output", "--quiet", "Examples:"] {
            #expect(result.standardOutput.contains(flag), "missing \(flag)")
        }
    }
}

/// ArgumentParser's own usage errors end like every other bad input: one line, exit code 2.
@Suite struct UsageErrorTests {
    @Test(arguments: [
        (["train", "--lr", "abc"], "error: The value 'abc' is invalid for '--lr <lr>'; see 'descent train --help'\n"),
        (["optimize", "--steps", "many"], "error: The value 'many' is invalid for '--steps <steps>'; see 'descent optimize --help'\n"),
        (["train", "--bogus"], "error: Unknown option '--bogus'; see 'descent train --help'\n"),
        (["bogus"], "error: Unexpected argument 'bogus'; see 'descent --help'\n"),
    ])
    func usageErrorsExitWithOneLine(_ arguments: [String], _ message: String) throws {
        let result = try Descent.run(arguments)
        #expect(result.status == 2)
        #expect(result.standardError == message)
    }

    @Test func helpStillExitsWithZero() throws {
        let result = try Descent.run(["train", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: descent train"))
    }
}

@Suite struct BenchCommandTests {
    @Test func mlpWorkloadPrintsItsLine() throws {
        let result = try Descent.run(["bench", "--workload", "mlp", "--samples", "512", "--repeats", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        let line = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("workload=mlp samples_per_s="))
        for field in ["epoch_s=", "peak_rss_mb=", "rss_growth_mb=", "backend="] { #expect(line.contains(field)) }
    }

    /// Training must not grow memory from epoch to epoch: the tape is released after each step,
    /// optimizer state is allocated once, freed buffers are reused. Measured in a process of its
    /// own (the test process's resident set moves with the tests running beside this one).
    /// A kept tape would leak ~2 MB per 128-sample step of this model, 4 MB per epoch here.
    @Test func residentMemoryStaysFlatOverTwentyEpochs() throws {
        #if os(Linux)
        let result = try Descent.run(["bench", "--workload", "mlp-bn-dropout", "--samples", "256", "--repeats", "20"])
        #expect(result.status == 0, "\(result.standardError)")
        let field = result.standardOutput.split(separator: " ").first { $0.hasPrefix("rss_growth_mb=") }
        let growth = try #require(field.flatMap { Double($0.dropFirst("rss_growth_mb=".count)) })
        #expect(growth <= 0.5, "resident memory grew by \(growth) MiB over 20 epochs: \(result.standardOutput)")
        #endif
    }

    @Test func unknownWorkloadIsRejected() throws {
        let result = try Descent.run(["bench", "--workload", "resnet"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("error: unknown --workload 'resnet'"))
    }
}
