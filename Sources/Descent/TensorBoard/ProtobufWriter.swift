/// Protocol-buffer wire encoding by hand, for the few TensorBoard messages Descent writes.
///
///     key = field_number << 3 | wire_type     (varint)
///     wire types: 0 varint · 1 fixed 64-bit · 2 length-delimited · 5 fixed 32-bit
///
/// Fields are written in the order called; callers follow field-number order and, like proto3,
/// leave out fields that hold their default (0, empty), so the bytes match those of the
/// reference implementation.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private mutating func key(_ field: Int, _ wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    /// An `int64` field (negative values take ten bytes, as in protobuf).
    mutating func int64(_ field: Int, _ value: Int64) {
        guard value != 0 else { return }
        key(field, 0)
        varint(UInt64(bitPattern: value))
    }

    mutating func double(_ field: Int, _ value: Double) {
        guard value != 0 || value.sign == .minus else { return }
        key(field, 1)
        bytes += TFRecord.littleEndianBytes(value.bitPattern)
    }

    mutating func float(_ field: Int, _ value: Float) {
        guard value != 0 || value.sign == .minus else { return }
        key(field, 5)
        bytes += TFRecord.littleEndianBytes(value.bitPattern)
    }

    mutating func string(_ field: Int, _ value: String) { lengthDelimited(field, Array(value.utf8)) }

    /// An embedded message (written even when empty, as a set sub-message is).
    mutating func message(_ field: Int, _ content: ProtobufWriter) {
        key(field, 2)
        varint(UInt64(content.bytes.count))
        bytes += content.bytes
    }

    /// A packed `repeated double` field.
    mutating func packedDoubles(_ field: Int, _ values: [Double]) {
        lengthDelimited(field, values.flatMap { TFRecord.littleEndianBytes($0.bitPattern) })
    }

    private mutating func lengthDelimited(_ field: Int, _ content: [UInt8]) {
        guard !content.isEmpty else { return }
        key(field, 2)
        varint(UInt64(content.count))
        bytes += content
    }
}
