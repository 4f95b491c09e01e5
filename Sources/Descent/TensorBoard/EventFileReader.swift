import Foundation

/// Reads TensorBoard event files back, verifying every record's two checksums.
public enum EventFileReader {
    /// The events of the file at `url` in order; throws `DescentError.file` for a missing file,
    /// a truncated record, a checksum mismatch or a malformed message.
    public static func events(at url: URL) throws -> [TensorBoardEvent] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DescentError.file(path: url.path, problem: "cannot read the event file")
        }
        return try TFRecord.records(in: Array(data), path: url.path).enumerated().map { index, record in
            do {
                return try TensorBoardEvent(decoding: record)
            } catch let error as ProtobufReader.Malformed {
                throw DescentError.file(path: url.path, problem: "record \(index + 1) is not an Event message: \(error.problem)")
            }
        }
    }

    /// The event files (`events.out.tfevents.*`) in a folder, sorted by name.
    public static func eventFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("events.out.tfevents.") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
