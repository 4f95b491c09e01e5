@testable import Descent
import Foundation
import Testing

/// SIGKILL at random moments while checkpoints are being written (each write pauses halfway,
/// in `CheckpointCrashProbe`, a training process built beside the tests): the latest checkpoint
/// always loads, at most `keep` remain, and the next process resumes from it.
@Suite struct CheckpointCrashTests {
    /// The probe binary: beside the test runner in `.build/<configuration>/`.
    static var probe: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("CheckpointCrashProbe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/CheckpointCrashProbe")
    }

    @Test func killedDuringCheckpointWritingLeavesALoadableLatestCheckpoint() throws {
        let checkpoints = FileManager.default.temporaryDirectory.appendingPathComponent("descent-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: checkpoints) }
        var sawPartialWrite = false
        for delay in [0.35, 0.6, 0.8, 1.1, 1.3] {
            let process = Process()
            process.executableURL = Self.probe
            process.arguments = [checkpoints.path, "30000"]
            let errors = Pipe()
            (process.standardOutput, process.standardError) = (FileHandle.nullDevice, errors)
            try process.run()
            let started = Date()  // wait for a first checkpoint, then kill `delay` seconds later
            while process.isRunning && TrainingCheckpointer.files(in: checkpoints).isEmpty && Date().timeIntervalSince(started) < 30 {
                Thread.sleep(forTimeInterval: 0.01)
            }
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "\(String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self))")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []
            sawPartialWrite = sawPartialWrite || names.contains { $0.hasPrefix(".checkpoint-") }
            let latest = try #require(TrainingCheckpointer.files(in: checkpoints).last)
            let checkpoint = try TrainingCheckpoint(contentsOf: latest)
            #expect(checkpoint.weights.count == 8)  // two Dense (weight, bias) and BatchNorm's four
            // keep 2, plus at most the new file a kill caught between its rename and the pruning
            #expect(TrainingCheckpointer.files(in: checkpoints).count <= 3)
        }
        #expect(sawPartialWrite, "no kill landed inside a write; the test did not exercise the window")
    }
}
