/// What an IDX or NPY header says about the elements after it, and how to turn them into Float.
struct ArrayLayout {
    /// Converts `count` stored elements at the pointer (any alignment) into Float.
    typealias Converter = (_ stored: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>, _ count: Int) -> Void

    var shape: [Int]
    /// NumPy's name of the stored type, e.g. "uint8".
    var dataType: String
    /// "IDX" or "NPY".
    var format: String
    /// The offset of the first element.
    var dataStart: Int
    var elementSize: Int
    /// The number of elements, the product of `shape`.
    var count: Int
    var convert: Converter

    /// The bytes the elements take.
    var dataBytes: Int { count * elementSize }

    /// Why `found` bytes after the header do not hold the elements, or nil when they do.
    func sizeProblem(found: Int) -> String? {
        if found < dataBytes {
            let after = format == "IDX" ? " after the header" : ""
            return "truncated \(format) data: shape \(shape) of \(dataType) needs \(dataBytes) bytes\(after), the file has \(found)"
        }
        return found > dataBytes ? "\(found - dataBytes) unexpected bytes after the \(format) data of shape \(shape)" : nil
    }

    /// `Element`s stored in the given byte order, each mapped through `convert`.
    static func converter<Element: FixedWidthInteger>(_: Element.Type, bigEndian: Bool, _ convert: @escaping (Element) -> Float) -> Converter {
        { stored, out, count in
            for i in 0..<count {
                let value = stored.loadUnaligned(fromByteOffset: i * MemoryLayout<Element>.size, as: Element.self)
                out[i] = convert(bigEndian ? Element(bigEndian: value) : Element(littleEndian: value))
            }
        }
    }

    /// Bytes as Float: one pass the compiler vectorizes.
    static let unsignedBytes: Converter = { stored, out, count in
        let bytes = stored.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count { out[i] = Float(bytes[i]) }
    }

    /// float32 in the given byte order: a `memcpy` when it is the machine's.
    static func float32(bigEndian: Bool) -> Converter {
        guard bigEndian == (UInt32(bigEndian: 1) == 1) else { return converter(UInt32.self, bigEndian: bigEndian) { Float(bitPattern: $0) } }
        return { stored, out, count in UnsafeMutableRawPointer(out).copyMemory(from: stored, byteCount: count * 4) }
    }
}
