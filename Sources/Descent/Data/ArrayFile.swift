import Foundation

/// A numeric array read from an IDX or NPY file (gzip-compressed or not): its shape, the
/// element type as stored, and the values converted to Float in row-major (C) order.
///
/// ```swift
/// let images = try ArrayFile.read("train-images-idx3-ubyte.gz")   // shape [60000, 28, 28], "uint8"
/// ```
///
/// The format is recognized from the content, not the name: gzip data (1f 8b) is inflated
/// first, then `\x93NUMPY` means NPY and anything else must be IDX. A malformed or truncated
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

    /// Reads and parses the file at `path`.
    public static func read(_ path: String) throws -> ArrayFile {
        try ArrayFile(parsing: try readBytes(path), path: path)
    }

    /// Parses the bytes of an IDX or NPY file, gzipped or not; `path` names the source in errors.
    public init(parsing fileBytes: [UInt8], path: String) throws {
        var bytes = fileBytes
        let compressed = Gzip.isCompressed(bytes)
        if compressed { bytes = try Gzip.decompress(bytes, path: path) }
        var array = NPYFormat.hasMagic(bytes) ? try NPYFormat.parse(bytes, path: path) : try IDXFormat.parse(bytes, path: path)
        if compressed { array.format += " (gzip)" }
        self = array
    }

    /// The whole file, or `DescentError.file` saying why it cannot be read.
    static func readBytes(_ path: String) throws -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw DescentError.file(path: path, problem: "no such file")
        }
        guard !isFolder.boolValue else { throw DescentError.file(path: path, problem: "is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DescentError.file(path: path, problem: "cannot be read (check its permissions)")
        }
        return [UInt8](data)
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

    /// `count` elements of `Element` from `bytes` at `offset`, converted by `convert`;
    /// `bigEndian` says how the file stores them.
    static func decode<Element: FixedWidthInteger>(
        _ bytes: [UInt8], at offset: Int, count: Int, as _: Element.Type, bigEndian: Bool, _ convert: (Element) -> Float
    ) -> [Float] {
        bytes.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                let size = MemoryLayout<Element>.size
                for i in 0..<count {
                    let stored = raw.loadUnaligned(fromByteOffset: offset + i * size, as: Element.self)
                    out[i] = convert(bigEndian ? Element(bigEndian: stored) : Element(littleEndian: stored))
                }
                initialized = count
            }
        }
    }
}
