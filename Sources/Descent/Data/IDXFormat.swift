/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.):
///
///     bytes 0–1   0x00 0x00
///     byte 2      element type: 08 uint8, 09 int8, 0B int16, 0C int32, 0D float32, 0E float64
///     byte 3      rank r
///     4·r bytes   the extents, big-endian UInt32
///     then        the elements, big-endian, row-major
enum IDXFormat {
    /// (type code, NumPy name, bytes per element).
    static let types: [(UInt8, String, Int)] = [
        (0x08, "uint8", 1), (0x09, "int8", 1), (0x0B, "int16", 2), (0x0C, "int32", 4), (0x0D, "float32", 4), (0x0E, "float64", 8),
    ]

    /// The layout in the header at the start of `bytes`; nil when more bytes are needed, unless
    /// `complete` says that `bytes` is the whole file (then a short header throws).
    static func layout(_ bytes: [UInt8], complete: Bool, path: String) throws -> ArrayLayout? {
        func fail(_ problem: String) -> DescentError { .file(path: path, problem: problem) }
        guard bytes.count >= 4 else {
            guard complete else { return nil }
            throw fail("too short for an IDX header (\(bytes.count) bytes; expected at least 4)")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw fail("not an IDX or NPY file: starts with bytes \(hex(bytes.prefix(4))), expected 00 00 <type> <rank> (IDX) or 93 4E 55 4D 50 59 (NPY)")
        }
        guard let (_, dataType, size) = types.first(where: { $0.0 == bytes[2] }) else {
            throw fail("unknown IDX element type 0x\(hex([bytes[2]])); expected one of 08, 09, 0B, 0C, 0D, 0E")
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw fail("IDX rank 0: the header declares no axes") }
        let dataStart = 4 + 4 * rank
        guard bytes.count >= dataStart else {
            guard complete else { return nil }
            throw fail("truncated IDX header: \(rank) extents need \(dataStart) bytes, the file has \(bytes.count)")
        }
        let shape = (0..<rank).map { axis in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * axis + $1]) }
        }
        guard let count = ArrayFile.elementCount(shape), count.multipliedReportingOverflow(by: size).overflow == false else {
            throw fail("IDX shape \(shape) is too large")
        }
        let convert: ArrayLayout.Converter
        switch bytes[2] {
        case 0x08: convert = ArrayLayout.unsignedBytes
        case 0x09: convert = ArrayLayout.converter(Int8.self, bigEndian: true) { Float($0) }
        case 0x0B: convert = ArrayLayout.converter(Int16.self, bigEndian: true) { Float($0) }
        case 0x0C: convert = ArrayLayout.converter(Int32.self, bigEndian: true) { Float($0) }
        case 0x0D: convert = ArrayLayout.float32(bigEndian: true)
        default: convert = ArrayLayout.converter(UInt64.self, bigEndian: true) { Float(Double(bitPattern: $0)) }
        }
        return ArrayLayout(shape: shape, dataType: dataType, format: "IDX", dataStart: dataStart, elementSize: size, count: count, convert: convert)
    }

    /// Bytes as spaced upper-case hex, e.g. "1F 8B".
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined(separator: " ")
    }
}

extension String {
    /// Zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }
}
