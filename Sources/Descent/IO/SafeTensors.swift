import Foundation

/// Named tensors in the safetensors format (Hugging Face), byte-compatible with the Python
/// `safetensors` library, so PyTorch, NumPy and JAX read and write the same files.
///
///     bytes 0..<8        n, the header length (UInt64, little-endian)
///     bytes 8..<8+n      JSON: {"__metadata__": {string: string}, name: {"dtype": "F32",
///                        "shape": [2, 3], "data_offsets": [begin, end]}, …}, padded with
///                        spaces so that 8 + n is a multiple of 8
///     bytes 8+n…         the raw little-endian data; offsets count from here
///
/// Writing follows the Python library exactly: tensors ordered by dtype, then by name (bytes),
/// packed without gaps; compact JSON; `__metadata__` first (its keys sorted here, where Python
/// leaves a hash order). Descent writes `F32`; reading also converts `F64`, `F16`, `BF16` and
/// the integer and boolean dtypes to Float, for weights written elsewhere.
///
/// Reading checks everything before it keeps anything: the header length against the file
/// size, the JSON, each tensor's dtype, shape and byte count, and that the tensors tile the
/// data section exactly (no gap, overlap or trailing byte). A failure throws
/// `DescentError.file` naming the file and the fault.
///
/// ```swift
/// let file = SafeTensors(tensors: ["0.weight": w, "0.bias": b], metadata: ["format": "pt"])
/// try file.write(to: URL(fileURLWithPath: "model.safetensors"))
/// let loaded = try SafeTensors(contentsOf: URL(fileURLWithPath: "model.safetensors"))
/// ```
public struct SafeTensors {
    /// The tensors by name (converted to Float32 when read).
    public var tensors: [String: Tensor]
    /// The free-form string map stored under `__metadata__`.
    public var metadata: [String: String]
    /// The dtype each tensor had in the file it was read from (`F32` for new ones).
    public private(set) var storedTypes: [String: String] = [:]

    /// The largest header accepted (the Python library's limit).
    static let maximumHeaderLength = 100_000_000

    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads and validates a file; throws `DescentError.file` naming it on any fault.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DescentError.file(path: url.path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses bytes in the safetensors layout; `source` names them in errors.
    public init(data: Data, source: String = "safetensors data") throws {
        let bytes = [UInt8](data)
        func fail(_ problem: String) -> DescentError { .file(path: source, problem: problem) }
        guard bytes.count >= 8 else {
            throw fail("truncated: \(bytes.count) bytes, fewer than the 8-byte header length of a safetensors file")
        }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(Self.maximumHeaderLength) else {
            throw fail("corrupted header: its length \(headerLength) exceeds the limit of \(Self.maximumHeaderLength) bytes (not a safetensors file?)")
        }
        let dataStart = 8 + Int(headerLength)
        guard dataStart <= bytes.count else {
            throw fail("truncated: the header claims \(headerLength) bytes but the file has only \(bytes.count - 8) after the length")
        }
        let header = try SafeTensorsHeader(json: Array(bytes[8..<dataStart]), source: source)
        let body = bytes[dataStart...]
        let needed = header.entries.last?.end ?? 0
        guard body.count >= needed else {
            throw fail("truncated: the tensors need \(needed) bytes of data but only \(body.count) follow the header")
        }
        guard body.count == needed else {
            throw fail("wrong data offsets: \(body.count - needed) bytes follow the last tensor (data_offsets end at \(needed), the data section has \(body.count))")
        }
        var tensors: [String: Tensor] = [:], types: [String: String] = [:]
        for entry in header.entries {
            let raw = body[(dataStart + entry.begin)..<(dataStart + entry.end)]
            tensors[entry.name] = Tensor(shape: entry.shape, scalars: entry.dtype.decode(raw))
            types[entry.name] = entry.dtype.rawValue
        }
        self.tensors = tensors
        self.metadata = header.metadata
        self.storedTypes = types
    }

    /// The file's bytes, as the Python library writes them (all tensors F32).
    public func encoded() -> Data {
        let names = tensors.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var json = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(Self.quoted($0)):\(Self.quoted(metadata[$0]!))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let end = offset + 4 * tensor.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(Self.quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        json += fields.joined(separator: ",") + "}"
        var header = Array(json.utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for name in names {
            tensors[name]!.withUnsafeScalars { scalars in
                for value in scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        return data
    }

    /// Writes the file atomically (temporary file, fsync, rename).
    public func write(to url: URL) throws { try AtomicFile.write(encoded(), to: url) }

    /// A JSON string literal, for tools that print JSON.
    public static func quotedJSON(_ text: String) -> String { quoted(text) }

    /// A JSON string literal escaped as serde_json escapes it (the Python library's writer).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
