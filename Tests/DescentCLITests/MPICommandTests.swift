import Descent
import Foundation
import Testing

/// Open MPI's mpirun, when installed.
let installedMPIRun: String? = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: FileManager.default.isExecutableFile(atPath:))

/// `descent` under Open MPI's `mpirun` for real: two and three processes, a rank killed
/// mid-run, ranks given different experiments. Skipped where mpirun is not installed (`.ci/run`
/// installs it).
@Suite(.serialized, .enabled(if: installedMPIRun != nil, "mpirun is not installed (apt-get install openmpi-bin libopenmpi3)"))
struct MPICommandTests {
    static var mpirun: String? { installedMPIRun }
    static let environment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_rmaps_base_oversubscribe": "1"]

    /// `mpirun -np N descent arguments`.
    static func mpi(_ ranks: Int, _ arguments: [String]) throws -> CommandResult {
        try Descent.run(["launch", "-n", "\(ranks)"] + arguments, environment: environment)
    }

    static func history(_ folder: URL) throws -> [[Double]] {
        try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map { Double($0)! } }
    }

    @Test func twoAndThreeRanksTrainWhatOneProcessTrains() throws {
        let folder = Descent.temporaryFolder()
        // 1,500 spirals, 70 % training: 1,050 rows in batches of 32 leave a last batch of 26 (uneven over 3 ranks)
        let flags = ["--seed", "1", "--epochs", "3", "--quiet"]
        let single = try Descent.run(["train"] + flags + ["--output", folder.appendingPathComponent("one").path])
        #expect(single.status == 0, "\(single.standardError)")
        for ranks in [2, 3] {
            let output = folder.appendingPathComponent("ranks-\(ranks)")
            let result = try Self.mpi(ranks, ["train"] + flags + ["--output", output.path])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.components(separatedBy: "Run folder:").count == 2)   // rank 0 alone prints
            for (row, reference) in zip(try Self.history(output), try Self.history(folder.appendingPathComponent("one"))) {
                for (value, expected) in zip(row, reference) { #expect(abs(value - expected) < 1e-4, "\(ranks) ranks: \(row) vs \(reference)") }
            }
        }
        let bench = try Self.mpi(2, ["bench", "--workload", "mlp", "--samples", "512", "--repeats", "1"])
        #expect(bench.status == 0 && bench.standardOutput.contains("ranks=2 allreduce_bytes_per_step="), "\(bench.standardOutput)\(bench.standardError)")
    }

    @Test func ranksWithDifferentExperimentsStopWithOneLineOnRankZero() throws {
        let folder = Descent.temporaryFolder()
        for (rank, hidden) in [(0, 16), (1, 8)] {
            try """
                data: {dataset: moons, samples: 200}
                model: [{type: dense, units: \(hidden), activation: relu}, {type: dense, units: 2}]
                epochs: 2
                output: \(folder.appendingPathComponent("run").path)
                """.write(to: folder.appendingPathComponent("rank\(rank).yaml"), atomically: true, encoding: .utf8)
        }
        let script = "exec \(Descent.executable.path) train \(folder.path)/rank$OMPI_COMM_WORLD_RANK.yaml"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.mpirun!)
        process.arguments = ["-np", "2", "sh", "-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment) { $1 }
        let errors = Pipe()
        (process.standardError, process.standardOutput) = (errors, Pipe())
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1 && lines[0].contains("rank 1 'a different model or experiment'") && lines[0].contains("rank 0's parameter 0.weight of shape [2, 16]"), "\(text)")
    }

    @Test func tooManyRanksForTheDataIsOneLine() throws {
        let result = try Self.mpi(3, ["train", "--dataset", "moons", "--samples", "8", "--split", "0.5,0.25", "--output", Descent.temporaryFolder().appendingPathComponent("r").path])
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1 && lines[0].contains("invalid number of ranks '3': expected at most the 2 validation samples"), "\(result.standardError)")
        let usage = try Self.mpi(2, ["train", "--bogus"])
        #expect(usage.status != 0 && usage.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") } == ["error: Unknown option '--bogus'; see 'descent train --help'"],
                "\(usage.standardError)")
    }

    @Test func aKilledRankEndsTheOthersAndLeavesALoadableCheckpoint() throws {
        let output = Descent.temporaryFolder().appendingPathComponent("killed")
        let process = Process()
        process.executableURL = Descent.executable
        process.arguments = ["launch", "-n", "2", "train", "--dataset", "spirals", "--samples", "20000", "--epochs", "200", "--quiet", "--output", output.path]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment) { $1 }
        (process.standardOutput, process.standardError) = (Pipe(), Pipe())
        try process.run()
        let checkpoints = output.appendingPathComponent("checkpoints")
        let start = Date()
        while ((try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []).filter({ $0.hasSuffix(".safetensors") }).isEmpty,
              Date().timeIntervalSince(start) < 120 { Thread.sleep(forTimeInterval: 0.05) }
        // the rank-1 process: the newest `descent train` writing into this folder
        let ranks = try Self.processes(matching: output.path)
        #expect(ranks.count == 2, "\(ranks)")
        if let victim = ranks.max() { kill(victim, SIGKILL) }
        let killed = Date()
        while process.isRunning && Date().timeIntervalSince(killed) < 60 { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!process.isRunning, "the other rank still runs 60 s after the kill")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(try TrainingCheckpointer.latest(in: checkpoints) != nil)
    }

    @Test func launchWithoutMPIRunSaysWhatToInstall() throws {
        let result = try Descent.run(["launch", "-n", "2", "train"], environment: ["PATH": "/nonexistent"])
        #expect(result.status == 2 && result.standardError == "error: descent launch needs Open MPI's mpirun, which is not installed: apt-get install openmpi-bin libopenmpi3\n",
                "\(result.standardError)")
    }

    /// The pids of `descent train` processes whose command line mentions `marker`.
    static func processes(matching marker: String) throws -> [Int32] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = String(decoding: data, as: UTF8.self).split(separator: "\0")
            return arguments.first?.hasSuffix("descent") == true && arguments.contains { $0 == "train" } && arguments.contains { $0 == marker }
                && !arguments.contains { $0 == "launch" }
        }
    }
}
