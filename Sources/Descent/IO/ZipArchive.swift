/// The entries of a zip archive whose entries are stored uncompressed, as `torch.save` writes
/// them: the end-of-central-directory record (zip64 too) leads to the central directory,
/// each of its records to a local header, and that to the entry's bytes.
///
///     local header  PK\3\4 … name, extra, then the data        (one per entry)
///     central dir   PK\1\2 method, sizes, name, local header offset   (one per entry)
///     [zip64 end record PK\6\6, its locator PK\6\7]
///     end record    PK\5\6 entry count, directory size and offset
///
/// A compressed entry, a record out of bounds or a missing signature throws
/// `DescentError.file` naming the archive.
struct ZipArchive {
    /// Entry names in directory order, with the range of each one's bytes in the archive.
    private(set) var entries: [(name: String, range: Range<Int>)] = []

    init(_ bytes: [UInt8], source: String) throws {
        func fail(_ problem: String) -> DescentError { .file(path: source, problem: problem) }
        let reader = LittleEndianReader(bytes: bytes) { fail("truncated or corrupted zip archive: \($0)") }
        let earliest = max(0, bytes.count - 22 - 65_535)
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: { reader.signature($0, 0x0605_4b50) }) else {
            throw fail("truncated or not a zip archive: no end-of-central-directory record")
        }
        var count = try reader.integer(end + 10, 2), size = try reader.integer(end + 12, 4), offset = try reader.integer(end + 16, 4)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            guard end >= 20, reader.signature(end - 20, 0x0706_4b50) else { throw fail("corrupted zip archive: a zip64 field without a zip64 locator") }
            let record = try reader.integer(end - 12, 8)
            guard reader.signature(record, 0x0606_4b50) else { throw fail("corrupted zip archive: no zip64 end record at byte \(record)") }
            (count, size, offset) = (try reader.integer(record + 32, 8), try reader.integer(record + 40, 8), try reader.integer(record + 48, 8))
        }
        guard offset <= bytes.count, size <= bytes.count - offset else {
            throw fail("truncated zip archive: the central directory (\(size) bytes at \(offset)) lies beyond the file's \(bytes.count) bytes")
        }
        var at = offset
        for _ in 0..<count {
            guard reader.signature(at, 0x0201_4b50) else { throw fail("corrupted zip archive: no central directory record at byte \(at)") }
            let nameLength = try reader.integer(at + 28, 2), extraLength = try reader.integer(at + 30, 2), commentLength = try reader.integer(at + 32, 2)
            let name = String(decoding: try reader.bytes(at + 46, nameLength), as: UTF8.self)
            let method = try reader.integer(at + 10, 2)
            guard method == 0 else {
                throw fail("entry \(name) is compressed (method \(method)); torch.save stores entries uncompressed, so re-save the state dict with torch.save")
            }
            var stored = try reader.integer(at + 20, 4), local = try reader.integer(at + 42, 4)
            if stored == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                (stored, local) = try Self.zip64Sizes(reader, extra: at + 46 + nameLength, length: extraLength,
                                                      uncompressed: try reader.integer(at + 24, 4), stored: stored, local: local)
            }
            guard reader.signature(local, 0x0403_4b50) else { throw fail("corrupted zip archive: entry \(name) has no local header at byte \(local)") }
            let begin = local + 30 + (try reader.integer(local + 26, 2)) + (try reader.integer(local + 28, 2))
            guard begin <= bytes.count, stored <= bytes.count - begin else {
                throw fail("truncated zip archive: entry \(name) needs \(stored) bytes at \(begin), past the file's \(bytes.count) bytes")
            }
            entries.append((name, begin..<begin + stored))
            at += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The sizes a zip64 extra field (id 1) holds for the fields set to 0xFFFFFFFF, in order:
    /// uncompressed size, compressed size, local header offset.
    private static func zip64Sizes(_ reader: LittleEndianReader, extra: Int, length: Int,
                                   uncompressed: Int, stored: Int, local: Int) throws -> (Int, Int) {
        var at = extra
        while at + 4 <= extra + length {
            let id = try reader.integer(at, 2), size = try reader.integer(at + 2, 2)
            if id == 1 {
                var field = at + 4
                func next(_ value: Int) throws -> Int {
                    guard value == 0xFFFF_FFFF else { return value }
                    defer { field += 8 }
                    return try reader.integer(field, 8)
                }
                _ = try next(uncompressed)
                return (try next(stored), try next(local))
            }
            at += 4 + size
        }
        return try reader.fail("a zip64 size without a zip64 extra field")
    }
}
