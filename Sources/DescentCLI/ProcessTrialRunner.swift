import Descent
import Foundation

/// Runs each trial of an optimizer study as a `descent experiment optimizers-trial` process,
/// `jobs` at a time, each with one thread (`DESCENT_THREADS=1`, `OPENBLAS_NUM_THREADS=1`), so
/// that a trial's numbers do not depend on `--jobs`. The specs and the stderr of the
/// processes go to `<study>/.trials/`, which is removed when every trial succeeded.
struct ProcessTrialRunner: TrialRunner {
    var jobs: Int
    /// Prints one line per `every` finished trials.
    var every = 25

    /// This program's own binary.
    static var executable: URL {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: link.path) { return link.resolvingSymlinksInPath() }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// A trial process that failed, with the last line it wrote to stderr.
    struct TrialFailure: LocalizedError {
        var message: String
        var errorDescription: String? { message }
    }

    func run(_ trials: [StudyTrial], in study: URL) throws {
        guard !trials.isEmpty else { return }
        let folder = study.appendingPathComponent(".trials")
        try AtomicFile.prepareFolder(folder)
        for (index, trial) in trials.enumerated() {
            try AtomicFile.write(trial.spec.yamlText, to: folder.appendingPathComponent("\(index).yaml"))
        }
        let lock = NSLock()
        var next = 0, finished = 0, failures: [String] = []
        var environment = ProcessInfo.processInfo.environment
        (environment["DESCENT_THREADS"], environment["OPENBLAS_NUM_THREADS"]) = ("1", "1")
        DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(jobs, trials.count))) { _ in
            while true {
                lock.lock()
                let index = next
                next += 1
                lock.unlock()
                guard index < trials.count else { return }
                let failure = runOne(index, folder: folder, study: study, environment: environment)
                lock.lock()
                finished += 1
                if let failure { failures.append("\(trials[index].folder) seed \(trials[index].seed): \(failure)") }
                if finished % every == 0 || finished == trials.count { print("  \(finished)/\(trials.count) trials") }
                lock.unlock()
            }
        }
        guard failures.isEmpty else {
            throw TrialFailure(message: "\(failures.count) of \(trials.count) trials failed (rerun the same command to retry them); first: \(failures[0])")
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs spec `index`; returns what went wrong, or nil.
    func runOne(_ index: Int, folder: URL, study: URL, environment: [String: String]) -> String? {
        let errors = folder.appendingPathComponent("\(index).err")
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["experiment", "optimizers-trial", folder.appendingPathComponent("\(index).yaml").path, "--study", study.path]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        guard FileManager.default.createFile(atPath: errors.path, contents: nil), let handle = try? FileHandle(forWritingTo: errors) else {
            return "cannot write \(errors.path)"
        }
        process.standardError = handle
        do { try process.run() } catch { return "cannot start \(Self.executable.path): \(error.localizedDescription)" }
        process.waitUntilExit()
        try? handle.close()
        guard process.terminationStatus != 0 || process.terminationReason != .exit else { return nil }
        let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
    }
}
