/// One record of a TensorBoard event file: a scalar or histogram summary at a step, or the
/// file-version header that opens every file.
///
///     message Event   { double wall_time = 1; int64 step = 2; string file_version = 3;
///                       Summary summary = 5; }
///     message Summary { repeated Value value = 1; }
///     message Value   { string tag = 1; float simple_value = 2; HistogramProto histo = 5; }
///
/// Only these fields are written and read; others are skipped when reading.
public struct TensorBoardEvent: Equatable, Sendable {
    /// What one `Summary.Value` holds.
    public enum Value: Equatable, Sendable {
        case scalar(Float)
        case histogram(TensorBoardHistogram)
    }

    /// Seconds since 1970.
    public var wallTime: Double
    public var step: Int64
    /// `"brain.Event:2"` in a file's first event, nil otherwise.
    public var fileVersion: String?
    /// The summary values by tag, in order.
    public var values: [(tag: String, value: Value)]

    public init(wallTime: Double, step: Int64, fileVersion: String? = nil, values: [(tag: String, value: Value)] = []) {
        self.wallTime = wallTime
        self.step = step
        self.fileVersion = fileVersion
        self.values = values
    }

    public static func == (a: TensorBoardEvent, b: TensorBoardEvent) -> Bool {
        a.wallTime == b.wallTime && a.step == b.step && a.fileVersion == b.fileVersion
            && a.values.map(\.tag) == b.values.map(\.tag) && a.values.map(\.value) == b.values.map(\.value)
    }

    /// The serialized `Event` message.
    func encoded() -> [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        event.int64(2, step)
        if let fileVersion { event.string(3, fileVersion) }
        if !values.isEmpty {
            var summary = ProtobufWriter()
            for (tag, value) in values {
                var entry = ProtobufWriter()
                entry.string(1, tag)
                switch value {
                case .scalar(let number): entry.float(2, number)
                case .histogram(let histogram): entry.message(5, histogram.encoded())
                }
                summary.message(1, entry)
            }
            event.message(5, summary)
        }
        return event.bytes
    }

    /// Parses a serialized `Event` message.
    init(decoding bytes: [UInt8]) throws {
        self.init(wallTime: 0, step: 0)
        for (number, field) in try ProtobufReader.fields(bytes) {
            switch number {
            case 1: wallTime = field.double ?? 0
            case 2: step = field.int64 ?? 0
            case 3: fileVersion = field.string
            case 5:
                for (index, entry) in try ProtobufReader.fields(field.bytes ?? []) where index == 1 {
                    values.append(try Self.decodeValue(entry.bytes ?? []))
                }
            default: continue
            }
        }
    }

    private static func decodeValue(_ bytes: [UInt8]) throws -> (tag: String, value: Value) {
        var tag = "", value = Value.scalar(0)
        for (number, field) in try ProtobufReader.fields(bytes) {
            switch number {
            case 1: tag = field.string ?? ""
            case 2: value = .scalar(field.float ?? 0)
            case 5: value = .histogram(try TensorBoardHistogram(decoding: field.bytes ?? []))
            default: continue
            }
        }
        return (tag, value)
    }
}
