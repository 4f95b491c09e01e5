import Foundation

/// Writes a TensorBoard event file (`events.out.tfevents.<seconds>.<host>.<pid>`) into a
/// folder, so that `tensorboard --logdir <parent>` shows the folder as a run.
///
/// The file opens with the `brain.Event:2` version event; each `add…` appends one framed
/// record (see `TFRecord`). Records reach the disk at `flush()` (the `TensorBoardLogger`
/// flushes after every epoch); a crash loses at most the unflushed tail, which TensorBoard and
/// `EventFileReader` both detect as a truncated last record.
///
/// ```swift
/// let writer = try EventFileWriter(folder: URL(fileURLWithPath: "runs/a"))
/// writer.addScalar(0.42, tag: "loss", step: 1)
/// writer.addHistogram(model.parameters[0].parameter.value.scalars, tag: "weights/0.weight", step: 1)
/// try writer.flush()
/// ```
public final class EventFileWriter {
    /// The event file.
    public let url: URL
    private let handle: FileHandle
    private let clock: () -> Double
    private var pending: [UInt8] = []

    /// Creates the folder if needed and the event file in it; throws `DescentError.file`.
    /// `clock` gives each event's wall time (seconds since 1970); tests pass a fixed one.
    public init(folder: URL, clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) throws {
        try AtomicFile.prepareFolder(folder)
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        let name = String(format: "events.out.tfevents.%010d.%@.%d", Int(clock()), host, getpid())
        url = folder.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw DescentError.file(path: url.path, problem: "cannot create the TensorBoard event file; choose a writable folder")
        }
        self.handle = handle
        self.clock = clock
        write(TensorBoardEvent(wallTime: clock(), step: 0, fileVersion: "brain.Event:2"))
        try flush()
    }

    deinit { try? handle.close() }

    /// Appends one event (written at the next `flush()`).
    public func write(_ event: TensorBoardEvent) { pending += TFRecord.frame(event.encoded()) }

    /// A scalar summary (TensorBoard's Scalars tab).
    public func addScalar(_ value: Float, tag: String, step: Int) {
        write(TensorBoardEvent(wallTime: clock(), step: Int64(step), values: [(tag, .scalar(value))]))
    }

    /// A histogram summary of `values` (TensorBoard's Histograms and Distributions tabs).
    public func addHistogram(_ values: [Float], tag: String, step: Int, bucketCount: Int = 30) {
        let histogram = TensorBoardHistogram(values, bucketCount: bucketCount)
        write(TensorBoardEvent(wallTime: clock(), step: Int64(step), values: [(tag, .histogram(histogram))]))
    }

    /// Writes the pending records to the file and syncs it.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(pending))
            try handle.synchronize()
            pending.removeAll(keepingCapacity: true)
        } catch {
            throw DescentError.file(path: url.path, problem: "cannot write TensorBoard events (\(error.localizedDescription))")
        }
    }
}
