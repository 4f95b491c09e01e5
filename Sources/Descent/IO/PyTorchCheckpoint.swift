import Foundation

/// Reads a `state_dict` saved by `torch.save`, without Python, in both formats torch writes:
///
///     zip (torch ≥ 1.6)   <archive>/data.pkl      the dict, tensors as persistent ids
///                         <archive>/data/<key>    each storage's raw little-endian bytes
///                         (entries stored uncompressed, as torch writes them)
///     legacy              pickles of: the magic number 0x1950a86a20f9469cfc6c, the protocol
///     (_use_new_zipfile_  version 1001, sys_info, the dict, the list of storage keys; then
///     serialization=False) per key an 8-byte little-endian element count and the raw bytes
///
/// The pickle is read by a restricted unpickler that executes nothing, like
/// `torch.load(weights_only=True)`: it accepts only the globals `collections.OrderedDict`,
/// `torch._utils._rebuild_tensor_v2`, `torch._utils._rebuild_parameter` and the storage types
/// (`torch.FloatStorage`, `torch.DoubleStorage`, `torch.HalfStorage`, `torch.BFloat16Storage`,
/// `torch.LongStorage`, `torch.IntStorage`, …); any other global or opcode is refused. Tensors
/// honour storage offset, size and stride, and float64, float16, bfloat16 and integer tensors
/// are converted to Float (BatchNorm's int64 `num_batches_tracked` is kept; callers skip it).
///
/// Any fault (truncation, not a zip or pickle, a refused global or opcode, a missing storage,
/// a tensor past its storage's end) throws one `DescentError.file` naming the file; nothing
/// is returned then.
///
/// ```python
/// torch.save(model.state_dict(), "model.pth")
/// ```
/// ```swift
/// for (name, tensor) in try PyTorchCheckpoint.read("model.pth") { print(name, tensor.shape) }
/// ```
public enum PyTorchCheckpoint {
    /// The tensors of the state dict at `path`, in the file's key order.
    public static func read(_ path: String) throws -> [(name: String, tensor: Tensor)] {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw DescentError.file(path: path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        return try read(bytes, source: path)
    }

    /// The tensors of a state dict in `bytes`; `source` names them in errors.
    static func read(_ bytes: [UInt8], source: String) throws -> [(name: String, tensor: Tensor)] {
        if isZip(bytes) { return try readZip(bytes, source: source) }
        if isLegacy(bytes) { return try readLegacy(bytes, source: source) }
        let start = bytes.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
        let kind = bytes.first == 0x80 ? "a pickle without torch.save's magic number" : "neither a zip archive nor a pickle"
        throw DescentError.file(path: source, problem: "not a PyTorch checkpoint: \(kind) (it begins \(start.isEmpty ? "empty" : start)); save it with torch.save(model.state_dict(), path)")
    }

    /// Whether `bytes` begin with a zip local header, `PK\3\4`.
    static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// Whether `bytes` begin with the pickled magic number of torch's legacy format.
    static func isLegacy(_ bytes: [UInt8]) -> Bool { bytes.starts(with: legacyMagic) }

    /// PROTO 2, LONG1 of 10 bytes 0x1950a86a20f9469cfc6c (little-endian), STOP.
    private static let legacyMagic: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]

    private static func readZip(_ bytes: [UInt8], source: String) throws -> [(name: String, tensor: Tensor)] {
        let archive = try ZipArchive(bytes, source: source)
        guard let pickle = archive.entries.first(where: { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") }) else {
            throw DescentError.file(path: source, problem: "a zip archive without data.pkl: not a torch.save checkpoint (it holds \(archive.entries.prefix(5).map(\.name).joined(separator: ", ")))")
        }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        let ranges = Dictionary(archive.entries.map { ($0.name, $0.range) }, uniquingKeysWith: { first, _ in first })
        var reader = Unpickler(bytes: Array(bytes[pickle.range]), source: source)
        let entries = try StateDictPickle.load(&reader)
        return try StateDictPickle.tensors(entries, source: source) { key in
            ranges["\(prefix)data/\(key)"].map { bytes[$0] }
        }
    }

    private static func readLegacy(_ bytes: [UInt8], source: String) throws -> [(name: String, tensor: Tensor)] {
        func fail(_ problem: String) -> DescentError { .file(path: source, problem: problem) }
        var reader = Unpickler(bytes: bytes, start: legacyMagic.count, source: source)
        guard case .int(1001) = try StateDictPickle.load(&reader) else {
            throw fail("legacy checkpoint with an unknown protocol version (only 1001 is known)")
        }
        if case let .dict(info) = try StateDictPickle.load(&reader),
           info.pairs.contains(where: { if case .string("little_endian") = $0.key, case .bool(false) = $0.value { return true } else { return false } }) {
            throw fail("saved on a big-endian machine; only little-endian checkpoints are read")
        }
        let entries = try StateDictPickle.load(&reader)
        guard case let .list(keyList) = try StateDictPickle.load(&reader) else { throw fail("corrupted legacy checkpoint: no list of storage keys after the state dict") }
        let elementSizes = StateDictPickle.storageTypes(entries).mapValues(\.byteCount)
        var storages: [String: ArraySlice<UInt8>] = [:]
        var at = reader.position
        let data = LittleEndianReader(bytes: bytes) { fail("truncated: \($0)") }
        for item in keyList.items {
            guard case let .string(key) = item, let size = elementSizes[key] else { throw fail("corrupted legacy checkpoint: storage key \(item.kind) is not one the state dict uses") }
            let count = try data.integer(at, 8)
            guard case let (byteCount, false) = count.multipliedReportingOverflow(by: size) else { throw fail("corrupted legacy checkpoint: storage '\(key)' claims \(count) elements") }
            storages[key] = try data.bytes(at + 8, byteCount)
            at += 8 + byteCount
        }
        return try StateDictPickle.tensors(entries, source: source) { storages[$0] }
    }
}
