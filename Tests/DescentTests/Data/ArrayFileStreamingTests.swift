@testable import Descent
import Foundation
import Testing

/// Mapped files and gzip streams: the values arrive in pieces (4 MiB of mapping, 256 KiB of
/// inflated data), and elements split between pieces must come out as if read whole.
@Suite("IDX and NPY read in pieces")
struct ArrayFileStreamingTests {
    let folder = temporaryFolder()

    /// big-endian float64 values k/8 − 1000 as IDX of shape [count/2, 2]: 12 header bytes put
    /// piece boundaries inside elements.
    func float64IDX(_ count: Int) -> (bytes: [UInt8], values: [Float]) {
        let values = (0..<count).map { Double($0) / 8 - 1000 }
        let payload = values.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian, Array.init) }
        return (idxBytes(type: 0x0E, shape: [count / 2, 2], payload: payload), values.map(Float.init))
    }

    @Test func elementsAcrossPiecesOfMappedAndGzippedFiles() throws {
        let (bytes, values) = float64IDX(1_200_000)  // 9.6 MB: three mapped pieces, many inflated ones
        let plain = try ArrayFile.read(writeFile(bytes, "f64.idx", in: folder))
        #expect(plain.shape == [600_000, 2] && plain.values == values)
        let gzipped = try ArrayFile.read(writeFile(storedGzip(bytes), "f64.idx.gz", in: folder))
        #expect(gzipped.format == "IDX (gzip)" && gzipped.values == values)
        #expect(try ArrayFile(parsing: bytes, path: "f64.idx") == plain)
    }

    @Test func bytesAndFloat32ConvertInOnePass() throws {
        let pixels = (0..<5_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let images = try ArrayFile.read(writeFile(idxBytes(type: 0x08, shape: [5_000, 1_000], payload: pixels), "u8.idx", in: folder))
        #expect(images.values == pixels.map(Float.init))
        let floats = (0..<1_500_000).map { Float($0) * 0.25 - 7 }
        let npy = npyBytes(major: 1, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1500000,), }", payload: littleEndianBytes(floats))
        #expect(try ArrayFile.read(writeFile(npy, "f4.npy", in: folder)).values.map(\.bitPattern) == floats.map(\.bitPattern))
        let gzipped = try ArrayFile.read(writeFile(storedGzip(npy), "f4.npy.gz", in: folder))
        #expect(gzipped.values.map(\.bitPattern) == floats.map(\.bitPattern) && gzipped.format == "NPY (gzip)")
    }

    @Test func gzipThatCannotHoldItsHeadersShapeIsTruncatedNotAllocated() {
        // A header claiming 60000×28×28 bytes in a few hundred bytes of gzip.
        let path = writeFile(storedGzip(idxBytes(type: 0x08, shape: [60_000, 28, 28], payload: [1, 2, 3])), "claims.gz", in: folder)
        #expect(throws: DescentError.file(path: path, problem: "truncated IDX data: shape [60000, 28, 28] of uint8 needs 47040000 bytes after the header, the file has 3")) {
            try ArrayFile.read(path)
        }
        let cut = storedGzip(float64IDX(100_000).bytes)
        let cutPath = writeFile(Array(cut.prefix(cut.count / 2)), "cut.gz", in: folder)
        #expect(throws: DescentError.file(path: cutPath, problem: "the gzip data ends early: the file is truncated (\(cut.count / 2) bytes)")) {
            try ArrayFile.read(cutPath)
        }
    }

    @Test func formatErrorsInsideGzipComeAfterGzipErrors() {
        // A bad IDX magic number in a gzip stream that is also cut short: the gzip error wins.
        let data = storedGzip([7, 7, 8, 1] + [UInt8](repeating: 0, count: 100_000))
        let path = writeFile(Array(data.prefix(70_000)), "both.gz", in: folder)
        #expect(throws: DescentError.file(path: path, problem: "the gzip data ends early: the file is truncated (70000 bytes)")) {
            try ArrayFile.read(path)
        }
        let half = npyBytes(major: 1, header: "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", payload: [0, 0, 0, 0])
        let halfPath = writeFile(storedGzip(half), "f2.npy.gz", in: folder)
        #expect(throws: DescentError.file(path: halfPath, problem: "unsupported NPY dtype '<f2'; expected float32/64, (u)int8–64 or bool")) {
            try ArrayFile.read(halfPath)
        }
    }
}
