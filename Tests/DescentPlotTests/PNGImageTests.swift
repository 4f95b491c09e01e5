@testable import DescentPlot
import Foundation
import Testing

@Suite struct PNGImageTests {
    @Test func checksumsMatchTheirPublishedCheckValues() {
        #expect(PNGImage.crc32(Array("123456789".utf8)) == 0xCBF4_3926)   // CRC-32/ISO-HDLC check value
        #expect(PNGImage.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)  // RFC 1950's example value
        #expect(PNGImage.chunk("IEND", []) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    /// Reads the file back by the format: chunk lengths and CRCs, the header, and the stored
    /// deflate blocks, which must give the filter bytes and pixels.
    @Test(arguments: [(3, 2, 1), (2, 2, 3), (200, 120, 3)])
    func theFileReadsBackToItsPixels(width: Int, height: Int, channels: Int) throws {
        let pixels = (0..<(width * height * channels)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let bytes = PNGImage(width: width, height: height, channels: channels, pixels: pixels).data
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8, chunks: [(String, [UInt8])] = []
        func word(_ at: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(bytes[at + $1]) } }
        while offset < bytes.count {
            let length = word(offset)
            let typed = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            #expect(UInt32(word(offset + 8 + length)) == PNGImage.crc32(typed))
            chunks.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        let header = chunks[0].1
        #expect(Array(header.prefix(8)) == PNGImage.bigEndian(UInt32(width)) + PNGImage.bigEndian(UInt32(height)))
        #expect(Array(header.suffix(5)) == [8, channels == 1 ? 0 : 2, 0, 0, 0])
        let zlib = chunks[1].1
        #expect(zlib.prefix(2) == [0x78, 0x01] && (Int(zlib[0]) << 8 | Int(zlib[1])) % 31 == 0)
        var raw: [UInt8] = [], at = 2, isLast = false
        while !isLast {
            isLast = zlib[at] & 1 == 1
            let length = Int(zlib[at + 1]) | Int(zlib[at + 2]) << 8
            #expect(length == ~(Int(zlib[at + 3]) | Int(zlib[at + 4]) << 8) & 0xFFFF)
            raw += zlib[(at + 5)..<(at + 5 + length)]
            at += 5 + length
        }
        #expect(Array(zlib[at...]) == PNGImage.bigEndian(PNGImage.adler32(raw)))
        let rowBytes = width * channels
        #expect(raw.count == height * (rowBytes + 1))
        for row in 0..<height {
            #expect(raw[row * (rowBytes + 1)] == 0)
            #expect(Array(raw[(row * (rowBytes + 1) + 1)...].prefix(rowBytes)) == Array(pixels[(row * rowBytes)..<((row + 1) * rowBytes)]))
        }
    }

    @Test func theGridEmbedsOneImagePerSampleWithItsRowLabels() {
        var grid = ImageGrid(height: 2, width: 3, channels: 1, scale: 4)
        grid.addRow("original", images: [[0, 0.5, 1, 1, 0.5, 0], [Float](repeating: 2, count: 6)])
        grid.addRow("augmented 1", images: [[Float](repeating: .nan, count: 6)])
        let svg = grid.svg()
        #expect(svg.components(separatedBy: "<image ").count == 4)
        #expect(svg.contains(">original</text>") && svg.contains(">augmented 1</text>") && svg.contains("width=\"12\" height=\"8\""))
        #expect(svg.contains("href=\"data:image/png;base64,"))
    }
}
