import Foundation

/// An 8-bit grayscale or RGB image written as a PNG file (ISO/IEC 15948), small enough to embed
/// in a report as a `data:` URI.
///
///     signature   89 50 4E 47 0D 0A 1A 0A
///     IHDR        width, height (big-endian), bit depth 8, colour type 0 (gray) or 2 (RGB)
///     IDAT        zlib stream (RFC 1950): header 78 01, stored deflate blocks of ≤ 65,535
///                 bytes (RFC 1951 §3.2.4), Adler-32 of the data; each row led by filter byte 0
///     IEND
///
/// Every chunk ends with the CRC-32 of its type and data. Stored blocks need no compressor: the
/// images here are thumbnails of a few kilobytes.
public struct PNGImage {
    public let width: Int
    public let height: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    /// Row-major pixels, `channels` bytes each.
    public let pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && [1, 3].contains(channels) && pixels.count == width * height * channels,
                     "PNGImage: \(pixels.count) bytes for \(width)×\(height)×\(channels)")
        (self.width, self.height, self.channels, self.pixels) = (width, height, channels, pixels)
    }

    /// The PNG file's bytes.
    public var data: [UInt8] {
        var header = Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, channels == 1 ? 0 : 2, 0, 0, 0]
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (1 + width * channels))
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * width * channels)..<((row + 1) * width * channels)]
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + Self.chunk("IHDR", header) + Self.chunk("IDAT", Self.storedZlib(raw)) + Self.chunk("IEND", [])
    }

    /// `data:image/png;base64,…` for an `<img>` or SVG `<image>`.
    public var dataURI: String { "data:image/png;base64," + Data(data).base64EncodedString() }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
    }

    static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let count = min(65_535, data.count - start)
            let isLast: UInt8 = start + count == data.count ? 1 : 0
            out += [isLast, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[start..<(start + count)]
            start += count
        } while start < data.count
        return out + bigEndian(adler32(data))
    }

    /// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), table-driven.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    /// Adler-32: a = 1 + Σ bytes, b = Σ a, both mod 65521; (b << 16) | a.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
}
