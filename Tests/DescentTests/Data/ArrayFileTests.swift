import Descent
import Foundation
import Testing

@Suite("IDX, NPY and gzip files")
struct ArrayFileTests {
    let folder = temporaryFolder()

    /// Expects `ArrayFile.read` to throw a file error for `path` whose message contains `fragment`.
    func expectFileError(_ path: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let array = try ArrayFile.read(path)
            Issue.record("expected an error containing '\(fragment)', read \(array.shape)", sourceLocation: sourceLocation)
        } catch let DescentError.file(errorPath, problem) {
            #expect(errorPath == path, sourceLocation: sourceLocation)
            #expect(problem.contains(fragment), "\(problem)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func idxOfEveryElementType() throws {
        let bytes = writeFile(idxBytes(type: 0x08, shape: [2, 3], payload: [0, 1, 2, 253, 254, 255]), "u8.idx", in: folder)
        #expect(try ArrayFile.read(bytes) == ArrayFile(shape: [2, 3], dataType: "uint8", format: "IDX", values: [0, 1, 2, 253, 254, 255]))
        // int8: 0xFF = −1; int16 big-endian 0x0102 = 258, 0xFFFE = −2; int32 0x00010000 = 65536
        let int8 = writeFile(idxBytes(type: 0x09, shape: [2], payload: [0xFF, 0x7F]), "i8.idx", in: folder)
        #expect(try ArrayFile.read(int8).values == [-1, 127])
        let int16 = writeFile(idxBytes(type: 0x0B, shape: [2], payload: [0x01, 0x02, 0xFF, 0xFE]), "i16.idx", in: folder)
        #expect(try ArrayFile.read(int16).values == [258, -2])
        let int32 = writeFile(idxBytes(type: 0x0C, shape: [1], payload: [0, 1, 0, 0]), "i32.idx", in: folder)
        #expect(try ArrayFile.read(int32).values == [65536])
        // float32 1.5 = 0x3FC00000; float64 −2.25 = 0xC002000000000000
        let float = writeFile(idxBytes(type: 0x0D, shape: [1, 1], payload: [0x3F, 0xC0, 0, 0]), "f32.idx", in: folder)
        #expect(try ArrayFile.read(float).values == [1.5])
        let double = writeFile(idxBytes(type: 0x0E, shape: [1], payload: [0xC0, 0x02, 0, 0, 0, 0, 0, 0]), "f64.idx", in: folder)
        #expect(try ArrayFile.read(double) == ArrayFile(shape: [1], dataType: "float64", format: "IDX", values: [-2.25]))
    }

    @Test func malformedIDXFilesGiveClearErrors() {
        expectFileError(writeFile([0, 0, 8], "short.idx", in: folder), "too short for an IDX header")
        expectFileError(writeFile([7, 7, 8, 1, 0, 0, 0, 1, 5], "magic.idx", in: folder), "starts with bytes 07 07 08 01")
        expectFileError(writeFile([0, 0, 0x42, 1, 0, 0, 0, 1, 5], "type.idx", in: folder), "unknown IDX element type 0x42")
        expectFileError(writeFile([0, 0, 8, 3, 0, 0, 0, 2], "header.idx", in: folder), "truncated IDX header")
        expectFileError(writeFile(idxBytes(type: 0x08, shape: [2, 3], payload: [1, 2, 3, 4]), "data.idx", in: folder),
                        "truncated IDX data: shape [2, 3] of uint8 needs 6 bytes after the header, the file has 4")
        expectFileError(writeFile(idxBytes(type: 0x08, shape: [2], payload: [1, 2, 3]), "extra.idx", in: folder), "1 unexpected bytes")
        expectFileError(folder.appendingPathComponent("missing.idx").path, "no such file")
        expectFileError(folder.path, "is a folder")
    }

    @Test func gzippedIDXFromPython() throws {
        let array = try ArrayFile.read(writeFile(pythonGzippedIDX, "images.idx.gz", in: folder))
        #expect(array.shape == [2, 3, 3])
        #expect(array.format == "IDX (gzip)")
        #expect(array.values == (0..<18).map { Float($0 * 10) })
    }

    @Test func gzipMembersAreConcatenated() throws {
        // A 70,000-byte payload spans two stored blocks; the file is two members back to back.
        let payload = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = idxBytes(type: 0x08, shape: [payload.count], payload: payload)
        let split = 30_000
        let path = writeFile(storedGzip(Array(whole[..<split])) + storedGzip(Array(whole[split...])), "two.gz", in: folder)
        #expect(try ArrayFile.read(path).values == payload.map(Float.init))
    }

    @Test func corruptAndTruncatedGzipGiveClearErrors() {
        let good = pythonGzippedIDX
        expectFileError(writeFile(Array(good.prefix(30)), "cut.gz", in: folder), "truncated")
        expectFileError(writeFile(Array(good.dropLast(3)), "trailer.gz", in: folder), "truncated")
        var badCRC = good
        badCRC[good.count - 6] ^= 0xFF  // inside the CRC-32 of the trailer
        expectFileError(writeFile(badCRC, "crc.gz", in: folder), "incorrect data check")
        var badMethod = good
        badMethod[2] = 7  // compression method 7 is not deflate
        expectFileError(writeFile(badMethod, "method.gz", in: folder), "corrupt gzip data")
        expectFileError(writeFile(good + [1, 2, 3], "garbage.gz", in: folder), "garbage after the gzip data")
    }

    @Test func npyVersionsOneAndTwo() throws {
        let values: [Float] = [1, -2.5, 3, 4, 5.25, -6]
        let v1 = npyBytes(major: 1, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload: littleEndianBytes(values))
        #expect(try ArrayFile.read(writeFile(v1, "v1.npy", in: folder)) == ArrayFile(shape: [2, 3], dataType: "float32", format: "NPY", values: values))
        let v2 = npyBytes(major: 2, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", payload: littleEndianBytes(values))
        #expect(try ArrayFile.read(writeFile(v2, "v2.npy", in: folder)).shape == [6])
        // float64 little-endian 0.5 = 0x3FE0000000000000; int64 −3; big-endian int16 0x0102 = 258; bool
        let f8 = npyBytes(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", payload: [0, 0, 0, 0, 0, 0, 0xE0, 0x3F])
        #expect(try ArrayFile.read(writeFile(f8, "f8.npy", in: folder)).values == [0.5])
        let i8 = npyBytes(major: 1, header: "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", payload: [0xFD] + [UInt8](repeating: 0xFF, count: 7))
        #expect(try ArrayFile.read(writeFile(i8, "i8.npy", in: folder)) == ArrayFile(shape: [1], dataType: "int64", format: "NPY", values: [-3]))
        let i2 = npyBytes(major: 1, header: "{'descr': '>i2', 'fortran_order': False, 'shape': (1, 1), }", payload: [1, 2])
        #expect(try ArrayFile.read(writeFile(i2, "i2.npy", in: folder)).values == [258])
        let b1 = npyBytes(major: 1, header: "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", payload: [1, 0])
        #expect(try ArrayFile.read(writeFile(b1, "b1.npy", in: folder)).values == [1, 0])
        let scalar = npyBytes(major: 1, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", payload: littleEndianBytes([7]))
        #expect(try ArrayFile.read(writeFile(scalar, "scalar.npy", in: folder)).shape == [])
    }

    @Test func malformedNPYFilesGiveClearErrors() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        let good = npyBytes(major: 1, header: header, payload: littleEndianBytes([1, 2, 3, 4, 5, 6]))
        expectFileError(writeFile(Array(good.dropLast(5)), "cut.npy", in: folder), "truncated NPY data: shape [2, 3] of float32 needs 24 bytes, the file has 19")
        expectFileError(writeFile(Array(good.prefix(40)), "header.npy", in: folder), "truncated NPY header")
        expectFileError(writeFile(Array(good.prefix(8)), "preamble.npy", in: folder), "truncated NPY header")
        var version = good
        version[6] = 9
        expectFileError(writeFile(version, "version.npy", in: folder), "unsupported NPY version 9.0")
        let fortran = npyBytes(major: 1, header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", payload: littleEndianBytes([1, 2, 3, 4, 5, 6]))
        expectFileError(writeFile(fortran, "fortran.npy", in: folder), "Fortran order")
        let complex = npyBytes(major: 1, header: "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", payload: [UInt8](repeating: 0, count: 8))
        expectFileError(writeFile(complex, "complex.npy", in: folder), "unsupported NPY dtype '<c8'")
        let structured = npyBytes(major: 1, header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", payload: [0, 0, 0, 0])
        expectFileError(writeFile(structured, "structured.npy", in: folder), "structured dtypes are not supported")
        let noShape = npyBytes(major: 1, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", payload: [])
        expectFileError(writeFile(noShape, "shape.npy", in: folder), "no valid 'shape'")
    }

    @Test func imageDatasetsAddTheChannelAxisAndConvertNCHW() throws {
        let images = ArrayFile(shape: [2, 2, 2], dataType: "uint8", format: "IDX", values: [1, 2, 3, 4, 5, 6, 7, 8])
        let labels = ArrayFile(shape: [2], dataType: "uint8", format: "IDX", values: [1, 0])
        let data = try Dataset.images(images, labels: labels)
        #expect(data.features.shape == [2, 2, 2, 1])
        #expect(data.classNames == ["0", "1"])
        // NCHW [1, 2, 1, 2]: channel 0 = (1, 2), channel 1 = (3, 4) → NHWC pixels (1, 3), (2, 4)
        let nchw = ArrayFile(shape: [1, 2, 1, 2], dataType: "float32", format: "NPY", values: [1, 2, 3, 4])
        let converted = try Dataset.images(nchw, labels: ArrayFile(shape: [1], dataType: "uint8", format: "NPY", values: [0]), layout: .channelsFirst)
        #expect(converted.features.shape == [1, 1, 2, 2])
        #expect(converted.features.scalars == [1, 3, 2, 4])
        #expect(ImageLayout.channelsFirst.fromChannelsLast(converted.features).scalars == [1, 2, 3, 4])
        #expect(throws: DescentError.file(path: "labels", problem: "3 labels for 2 images")) {
            try Dataset.images(images, labels: ArrayFile(shape: [3], dataType: "uint8", format: "IDX", values: [0, 1, 2]))
        }
        #expect(throws: DescentError.file(path: "labels", problem: "label 0.5 at index 1 is not a class index (an integer ≥ 0)")) {
            try Dataset.images(images, labels: ArrayFile(shape: [2], dataType: "float32", format: "NPY", values: [1, 0.5]))
        }
    }
}
