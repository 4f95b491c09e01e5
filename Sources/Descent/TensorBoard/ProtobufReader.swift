/// Decodes protocol-buffer wire format into fields, enough to read back TensorBoard events.
struct ProtobufReader {
    /// One field as found on the wire.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes([UInt8])
    }

    /// Problems name the byte offset; `TensorBoardEvent` turns them into `DescentError.file`.
    struct Malformed: Error { var problem: String }

    /// The fields of `bytes` in wire order.
    static func fields(_ bytes: [UInt8]) throws -> [(number: Int, value: Value)] {
        var result: [(number: Int, value: Value)] = []
        var offset = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 7) {
                guard offset < bytes.count else { throw Malformed(problem: "varint runs past the end at byte \(offset)") }
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << UInt64(shift)
                if byte < 0x80 { return value }
            }
            throw Malformed(problem: "varint longer than ten bytes at byte \(offset)")
        }
        func take(_ count: Int) throws -> [UInt8] {
            guard count >= 0, count <= bytes.count - offset else { throw Malformed(problem: "field of \(count) bytes runs past the end at byte \(offset)") }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
        func little(_ count: Int) throws -> UInt64 {
            try take(count).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        while offset < bytes.count {
            let key = try varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: result.append((number, .varint(try varint())))
            case 1: result.append((number, .fixed64(try little(8))))
            case 2: result.append((number, .bytes(try take(Int(try varint())))))
            case 5: result.append((number, .fixed32(UInt32(try little(4)))))
            default: throw Malformed(problem: "unsupported wire type \(key & 7) for field \(number)")
            }
        }
        return result
    }
}

extension ProtobufReader.Value {
    var double: Double? { if case .fixed64(let bits) = self { return Double(bitPattern: bits) } else { return nil } }
    var float: Float? { if case .fixed32(let bits) = self { return Float(bitPattern: bits) } else { return nil } }
    var int64: Int64? { if case .varint(let bits) = self { return Int64(bitPattern: bits) } else { return nil } }
    var bytes: [UInt8]? { if case .bytes(let content) = self { return content } else { return nil } }
    var string: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    /// A packed `repeated double` (an unpacked single value is accepted too).
    var doubles: [Double]? {
        if let value = double { return [value] }
        guard let content = bytes, content.count % 8 == 0 else { return nil }
        return stride(from: 0, to: content.count, by: 8).map { start in
            Double(bitPattern: content[start..<(start + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
    }
}
