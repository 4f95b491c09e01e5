import Foundation

/// TFRecord framing, the container of TensorBoard event files. Each record is
///
///     uint64 length                      little-endian
///     uint32 masked_crc32c(length)       of the 8 length bytes
///     byte   data[length]
///     uint32 masked_crc32c(data)
///
/// (see `CRC32C` for the mask).
enum TFRecord {
    /// One framed record holding `data`.
    static func frame(_ data: [UInt8]) -> [UInt8] {
        let length = littleEndianBytes(UInt64(data.count))
        return length + littleEndianBytes(CRC32C.masked(length)) + data + littleEndianBytes(CRC32C.masked(data))
    }

    /// The payloads of the records in `bytes`, with both checksums of every record verified.
    /// Throws `DescentError.file` naming `path`, the record and the byte offset for a truncated
    /// record or a checksum mismatch.
    static func records(in bytes: [UInt8], path: String) throws -> [[UInt8]] {
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            let at = "record \(records.count + 1) at byte \(offset)"
            guard offset + 12 <= bytes.count else {
                throw DescentError.file(path: path, problem: "truncated \(at): \(bytes.count - offset) bytes left of a 12-byte header")
            }
            let lengthBytes = bytes[offset..<(offset + 8)]
            guard CRC32C.masked(lengthBytes) == readUInt32(bytes, at: offset + 8) else {
                throw DescentError.file(path: path, problem: "length checksum mismatch in \(at); the file is corrupt")
            }
            let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let start = offset + 12
            guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= 4 else {
                throw DescentError.file(path: path, problem: "truncated \(at): the header announces \(length) bytes of data")
            }
            let data = Array(bytes[start..<(start + Int(length))])
            guard CRC32C.masked(data) == readUInt32(bytes, at: start + Int(length)) else {
                throw DescentError.file(path: path, problem: "data checksum mismatch in \(at); the file is corrupt")
            }
            records.append(data)
            offset = start + Int(length) + 4
        }
        return records
    }

    static func littleEndianBytes<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
        (0..<(Integer.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }
    }
}
