import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run folder of one `ExperimentRun`, held so that runs cannot be mixed up: a fresh run
/// refuses a folder with files in it unless told to overwrite a run folder; one process at a
/// time writes it (a `.lock` file naming the process; a lock whose process is gone is taken
/// over); and the temporary files of writes that were killed are removed before work starts.
final class RunFolder {
    let url: URL
    private let lock: URL
    /// True when this run created the folder (it did not exist before).
    private let isNew: Bool

    static let lockName = ".lock"

    /// Takes the folder for a run: `resuming` an existing run, `overwriting` a run folder's
    /// files, or starting in a new or empty folder. Throws a `DescentError` saying what to do.
    init(_ url: URL, resuming: Bool, overwriting: Bool) throws {
        self.url = url
        lock = url.appendingPathComponent(Self.lockName)
        isNew = !FileManager.default.fileExists(atPath: url.path)
        try AtomicFile.prepareFolder(url)
        try acquireLock()
        do {
            AtomicFile.removeLeftovers(in: url)
            AtomicFile.removeLeftovers(in: url.appendingPathComponent("checkpoints"))
            if !resuming { try clearForNewRun(overwriting: overwriting) }
        } catch {
            release()
            throw error
        }
    }

    deinit { release() }

    /// Releases the folder of a run that stopped before writing anything (bad input): one it
    /// created is removed, so an error leaves no empty run folder behind.
    func abandon() {
        release()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        if isNew && names.isEmpty { try? FileManager.default.removeItem(at: url) }
    }

    /// Removes the lock, when this process holds it.
    func release() {
        if (try? String(contentsOf: lock, encoding: .utf8))?.split(separator: " ").first == "\(getpid())" { unlink(lock.path) }
    }

    /// Creates `.lock` holding this process's id and command line, or throws naming the process
    /// that holds it.
    private func acquireLock() throws {
        let text = "\(getpid()) \(CommandLine.arguments.joined(separator: " "))\n"
        for _ in 0..<2 {
            let descriptor = open(lock.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if descriptor >= 0 {
                _ = text.withCString { write(descriptor, $0, strlen($0)) }
                close(descriptor)
                return
            }
            let holder = (try? String(contentsOf: lock, encoding: .utf8)) ?? ""
            if let pid = Int32(holder.split(separator: " ").first ?? ""), pid != getpid(), kill(pid, 0) == 0 || errno != ESRCH {
                throw DescentError.file(path: url.path, problem: "is being written by process \(pid) (\(holder.split(separator: " ").dropFirst().joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines))); wait for it to end or choose another --output")
            }
            unlink(lock.path)   // the process that held it is gone
        }
        throw DescentError.file(path: url.path, problem: "cannot take \(Self.lockName) in it; choose another --output")
    }

    /// A fresh run needs an empty folder, or a run folder it may overwrite.
    private func clearForNewRun(overwriting: Bool) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0 != Self.lockName }
        guard !names.isEmpty else { return }
        let isRunFolder = names.contains(ExperimentRun.configFile)
        guard overwriting && isRunFolder else {
            let shown = names.sorted().prefix(4).joined(separator: ", ") + (names.count > 4 ? ", …" : "")
            let what = isRunFolder ? "holds another run (\(shown)); pass --overwrite to replace it, --resume to continue it, or choose another --output"
                                   : "is not empty and not a run folder (\(shown)); choose a new or empty --output"
            throw DescentError.file(path: url.path, problem: what)
        }
        for name in names { try FileManager.default.removeItem(at: url.appendingPathComponent(name)) }
    }
}
