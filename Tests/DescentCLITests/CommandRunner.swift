import Foundation

/// Runs the `descent` executable built next to the test bundle and captures its output.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

enum Descent {
    /// The built `descent` binary: beside the test runner in `.build/<configuration>/`.
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("descent")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/descent")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             standardOutput: String(decoding: outData, as: UTF8.self),
                             standardError: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `descent arguments` and kills it with SIGKILL as soon as `condition` holds
    /// (polled every 5 ms, for at most 60 s); returns whether the kill landed before the
    /// process ended by itself.
    static func runKilled(_ arguments: [String], when condition: () -> Bool) throws -> Bool {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()   // with --quiet the run prints little; the pipe's buffer holds it
        (process.standardOutput, process.standardError) = (output, output)
        try process.run()
        let started = Date()
        while process.isRunning && !condition() && Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.005) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// A fresh temporary folder for one test.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
