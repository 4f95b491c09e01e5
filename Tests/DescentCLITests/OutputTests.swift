import Descent
import Foundation
import Testing

/// What a user sees: the version, and output that reaches a file or pipe line by line.
@Suite struct OutputTests {
    @Test func versionPrintsTheLibraryVersion() throws {
        let result = try Descent.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "descent \(descentVersion)\n")
    }

    /// Redirected, each epoch's line arrives as soon as it is printed (a log survives Ctrl-C):
    /// the first text read holds a line or two, not a block-buffer's 4 KB (~35 epoch lines).
    @Test func redirectedOutputArrivesWhileTheRunGoesOn() throws {
        let process = Process()
        process.executableURL = Descent.executable
        process.arguments = ["train", "--epochs", "500", "--samples", "300", "--output", Descent.temporaryFolder().appendingPathComponent("run").path]
        let output = Pipe()
        (process.standardOutput, process.standardError) = (output, FileHandle.nullDevice)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) }; process.waitUntilExit() }
        let first = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        #expect(first.hasPrefix("Epoch 1/500 - "), "\(first)")
        #expect(first.components(separatedBy: "Epoch ").count - 1 <= 3, "\(first)")
        #expect(process.isRunning, "the run ended before its output was read; the test did not see buffering")
    }
}
