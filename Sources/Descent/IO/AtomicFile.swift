import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that never leave a half-written file: the bytes go to a temporary file in
/// the same folder, which is flushed to disk (`fsync`) and then renamed over the target. A
/// reader sees either the old file or the new one.
public enum AtomicFile {
    /// Writes `data` to `url` atomically; throws `DescentError.file` naming the path on failure.
    public static func write(_ data: Data, to url: URL) throws { try write(data, to: url, pauseMicroseconds: 0) }

    /// `write(_:to:)` that sleeps after each half of the bytes: a test hook that widens the
    /// window in which a killed process leaves a partial temporary file behind.
    static func write(_ data: Data, to url: URL, pauseMicroseconds: UInt32) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw DescentError.file(path: url.path, problem: "cannot create a file in \(folder.path) (\(String(cString: strerror(errno)))); choose a writable folder")
        }
        var failure: String?
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let chunk = pauseMicroseconds > 0 ? min(bytes.count - offset, max(bytes.count / 2, 1)) : bytes.count - offset
                let written = Glibc_write(descriptor, bytes.baseAddress! + offset, chunk)
                if written <= 0 { failure = String(cString: strerror(errno)); return }
                offset += written
                if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil && rename(temporary.path, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary.path)
            throw DescentError.file(path: url.path, problem: "write failed (\(failure))")
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }

    /// Creates `url` and its parents if needed, and checks that files can be written there.
    public static func prepareFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw DescentError.file(path: url.path, problem: "cannot create the folder (\(error.localizedDescription)); choose another --output")
        }
        guard access(url.path, W_OK) == 0 else {
            throw DescentError.file(path: url.path, problem: "the folder is not writable; choose another --output")
        }
    }
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

extension AtomicFile {
    /// Removes the temporary files that writes killed before their rename left in `folder`
    /// (`.NAME.tmp-PID-N`); returns their names. Call it only while no other process writes there.
    @discardableResult
    public static func removeLeftovers(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let leftovers = names.filter { $0.hasPrefix(".") && $0.contains(".tmp-") }
        for name in leftovers { unlink(folder.appendingPathComponent(name).path) }
        return leftovers
    }
}
