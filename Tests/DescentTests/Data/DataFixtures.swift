import Foundation

/// A fresh folder under the system's temporary directory for one test's files.
func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `bytes` to `name` in `folder` and returns the path.
@discardableResult
func writeFile(_ bytes: [UInt8], _ name: String, in folder: URL) -> String {
    let url = folder.appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url.path
}

/// An IDX file: 00 00 type rank, big-endian UInt32 extents, then `payload` (already big-endian).
func idxBytes(type: UInt8, shape: [Int], payload: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
    for extent in shape { bytes += withUnsafeBytes(of: UInt32(extent).bigEndian, Array.init) }
    return bytes + payload
}

/// An NPY file of the given version with `header` (the dict literal) padded as NumPy pads it:
/// spaces and a newline up to a multiple of 64 bytes for the preamble and header together.
func npyBytes(major: UInt8, header: String, payload: [UInt8]) -> [UInt8] {
    let preamble = major == 1 ? 10 : 12
    var text = header
    while (preamble + text.utf8.count + 1) % 64 != 0 { text += " " }
    text += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
    let length = text.utf8.count
    bytes += major == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)] : withUnsafeBytes(of: UInt32(length).littleEndian, Array.init)
    return bytes + Array(text.utf8) + payload
}

/// Little-endian bytes of Float32 values.
func littleEndianBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
}

/// One gzip member holding `data` in stored (uncompressed) deflate blocks, with a real CRC-32
/// and length trailer (RFC 1951 §3.2.4, RFC 1952); zlib inflates it like any other member.
func storedGzip(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
    var start = 0
    repeat {
        let count = min(65_535, data.count - start)
        let isLast: UInt8 = start + count == data.count ? 1 : 0
        out += [isLast, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
        out += data[start..<(start + count)]
        start += count
    } while start < data.count
    out += withUnsafeBytes(of: crc32(data).littleEndian, Array.init)
    out += withUnsafeBytes(of: UInt32(truncatingIfNeeded: data.count).littleEndian, Array.init)
    return out
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit.
func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// gzip of an IDX file of two 3×3 uint8 images holding 0, 10, …, 170, made by Python's
/// `gzip.GzipFile(mtime=0, compresslevel=9)` (real deflate, not stored blocks).
let pythonGzippedIDX: [UInt8] = [
    0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xFF, 0x63, 0x60, 0xE0, 0x60, 0x66, 0x60, 0x60, 0x60, 0x02, 0x62,
    0x66, 0x30, 0xE6, 0x12, 0x91, 0xD3, 0x30, 0xB2, 0x71, 0x0B, 0x88, 0x4A, 0xC9, 0xAB, 0x68, 0xEA, 0x99, 0xB6, 0x60, 0x15,
    0x00, 0x1B, 0xD7, 0x09, 0x9D, 0x22, 0x00, 0x00, 0x00,
]
