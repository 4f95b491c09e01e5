import Foundation

/// A numeric array read from an IDX or NPY file (gzip-compressed or not): its shape, the
/// element type as stored, and the values converted to Float in row-major (C) order.
///
/// ```swift
/// let images = try ArrayFile.read("train-images-idx3-ubyte.gz")   // shape [60000, 28, 28], "uint8"
/// ```
///
/// The format is recognized from the content, not the name: gzip data (1f 8b) is inflated
/// (as it is read), then `\x93NUMPY` means NPY and anything else must be IDX. A malformed or truncated
/// file throws `DescentError.file` naming the path and the problem; nothing is half-loaded.
public struct ArrayFile: Equatable {
    /// The extent of each axis.
    public var shape: [Int]
    /// The element type as stored, in NumPy's spelling: "uint8", "int16", "float32", …
    public var dataType: String
    /// The file format: "IDX" or "NPY" (with " (gzip)" appended for compressed files).
    public var format: String
    /// The elements as Float, row-major.
    public var values: [Float]

    public init(shape: [Int], dataType: String, format: String, values: [Float]) {
        precondition(values.count == shape.reduce(1, *), "ArrayFile: shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.dataType = dataType
        self.format = format
        self.values = values
    }

    /// The values as a tensor of `shape`.
    public var tensor: Tensor { Tensor(shape: shape, scalars: values) }

    /// Reads and parses the file at `path`, memory-mapped: the elements are converted straight
    /// from the page cache (float32 in the machine's byte order is one `memcpy`), and `.gz` data
    /// is converted as it inflates, a buffer at a time.
    public static func read(_ path: String) throws -> ArrayFile {
        let file = try MappedFile(path: path)
        return try ArrayFile(parsing: file.bytes, path: path, release: file.release)
    }

    /// Parses the bytes of an IDX or NPY file, gzipped or not; `path` names the source in errors.
    public init(parsing fileBytes: [UInt8], path: String) throws {
        self = try fileBytes.withUnsafeBytes { try ArrayFile(parsing: $0, path: path, release: nil) }
    }

    /// Parses file bytes; `release` gets each part of them once converted.
    init(parsing bytes: UnsafeRawBufferPointer, path: String, release: ((Range<Int>) -> Void)?) throws {
        guard !Gzip.isCompressed(bytes) else {
            let reader = try GzipReader(bytes, path: path)
            // Deflate inflates at most 1032:1; a header that claims more is cut short, and its
            // elements are not allocated before the bytes are there.
            self = try ArrayFile.decode(reader.next, fileSize: nil, plausibleSize: 1100 * bytes.count, path: path)
            format += " (gzip)"
            return
        }
        let piece = 4 << 20
        var offset = 0
        self = try ArrayFile.decode({
            if offset > 0 { release?((offset - piece)..<min(offset, bytes.count)) }
            guard offset < bytes.count else { return nil }
            defer { offset += piece }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<min(offset + piece, bytes.count)])
        }, fileSize: bytes.count, plausibleSize: bytes.count, path: path)
    }

    /// Decodes the bytes that `next` gives piece by piece (nil at the end): the header from the
    /// first pieces, then each piece converted into the values. `fileSize`, when known, is
    /// checked against the header before anything is allocated. Errors of the source (gzip) come
    /// before errors of the format, as when the whole file was inflated first.
    static func decode(_ next: () throws -> UnsafeRawBufferPointer?, fileSize: Int?, plausibleSize: Int, path: String) throws -> ArrayFile {
        var head: [UInt8] = [], ended = false, layout: ArrayLayout?
        while layout == nil {
            if let piece = try next() { head.append(contentsOf: piece) } else { ended = true }
            do {
                layout = head.count < NPYFormat.magic.count && !ended ? nil
                    : NPYFormat.hasMagic(head) ? try NPYFormat.layout(head, complete: ended, path: path)
                    : try IDXFormat.layout(head, complete: ended, path: path)
            } catch {
                while !ended, try next() != nil {}
                throw error
            }
        }
        let array = layout!
        func fail(_ problem: String) -> DescentError { .file(path: path, problem: problem) }
        if let fileSize, let problem = array.sizeProblem(found: fileSize - array.dataStart) { throw fail(problem) }
        guard array.dataStart + array.dataBytes <= plausibleSize else {
            // Cut short for sure: keep the bytes (no more than the file holds) to count them.
            while let piece = try next() { head.append(contentsOf: piece) }
            throw fail(array.sizeProblem(found: head.count - array.dataStart) ?? "inflates to more than deflate allows")
        }
        var filler = ValueFiller(layout: array)
        let values = try [Float](unsafeUninitializedCapacity: array.count) { out, initialized in
            initialized = 0
            MappedFile.preferHugePages(out)
            head.withUnsafeBytes { filler.feed(UnsafeRawBufferPointer(rebasing: $0[array.dataStart...]), into: out) }
            while let piece = try next() { filler.feed(piece, into: out) }
            if let problem = array.sizeProblem(found: filler.found) { throw fail(problem) }
            initialized = array.count
        }
        return ArrayFile(shape: array.shape, dataType: array.dataType, format: array.format, values: values)
    }

    /// The product of `shape`, or nil when the extents other than 0 multiply past `Int.max / 8`.
    /// An empty array needs row strides too: [0, 2³², 2³², 2³²] holds nothing, yet its strides
    /// overflow, so it is as unreadable as a full one would be.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for extent in shape where extent != 0 {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            if overflow || product > Int.max / 8 { return nil }
            count = product
        }
        return shape.contains(0) ? 0 : count
    }
}
