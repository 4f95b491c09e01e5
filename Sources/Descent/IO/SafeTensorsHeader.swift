import Foundation

/// The parsed, validated JSON header of a safetensors file: entries sorted by offset, tiling
/// `0..<end` without gaps or overlaps, each with as many bytes as its dtype and shape need.
struct SafeTensorsHeader {
    struct Entry {
        var name: String
        var dtype: SafeTensorsType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    var entries: [Entry]
    var metadata: [String: String]

    init(json bytes: [UInt8], source: String) throws {
        func fail(_ problem: String) -> DescentError { .file(path: source, problem: problem) }
        guard bytes.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            let preview = String(decoding: bytes.prefix(40), as: UTF8.self)
            throw fail("corrupted header: not a JSON object (it begins \(SafeTensors.quoted(preview)))")
        }
        var metadata: [String: String] = [:]
        if let raw = object["__metadata__"] {
            guard let map = raw as? [String: Any], map.values.allSatisfy({ $0 is String }) else {
                throw fail("corrupted header: __metadata__ must map strings to strings")
            }
            metadata = map.mapValues { $0 as! String }
        }
        var entries: [Entry] = []
        for (name, raw) in object where name != "__metadata__" {
            guard let info = raw as? [String: Any] else { throw fail("corrupted header: the entry of tensor '\(name)' is not an object") }
            guard let typeName = info["dtype"] as? String else { throw fail("corrupted header: tensor '\(name)' has no dtype") }
            guard let dtype = SafeTensorsType(rawValue: typeName) else {
                throw fail("tensor '\(name)' has dtype \(typeName); supported: \(SafeTensorsType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let shape = Self.integers(info["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("corrupted header: tensor '\(name)' needs a shape of non-negative integers")
            }
            guard let offsets = Self.integers(info["data_offsets"]), offsets.count == 2 else {
                throw fail("corrupted header: tensor '\(name)' needs data_offsets [begin, end]")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expectedBegin = 0
        for entry in entries {
            guard entry.begin == expectedBegin, entry.end >= entry.begin else {
                let problem = entry.begin < expectedBegin ? "overlaps the previous tensor" : entry.end < entry.begin ? "ends before it begins" : "leaves a gap after the previous tensor"
                throw fail("wrong data offsets: tensor '\(entry.name)' has data_offsets [\(entry.begin), \(entry.end)], which \(problem) (expected to begin at \(expectedBegin))")
            }
            guard let count = ArrayFile.elementCount(entry.shape),
                  case let (needed, overflow) = count.multipliedReportingOverflow(by: entry.dtype.byteCount), !overflow else {
                throw fail("corrupted header: tensor '\(entry.name)' has shape \(entry.shape), more elements than memory can hold")
            }
            guard entry.end - entry.begin == needed else {
                throw fail("wrong data offsets: tensor '\(entry.name)' (\(entry.dtype.rawValue), shape \(entry.shape)) needs \(needed) bytes but data_offsets [\(entry.begin), \(entry.end)] span \(entry.end - entry.begin)")
            }
            expectedBegin = entry.end
        }
        self.entries = entries
        self.metadata = metadata
    }

    /// A JSON array of whole numbers, or nil.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        let numbers = array.compactMap { ($0 as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
        return numbers.count == array.count ? numbers : nil
    }
}

/// The element types of the safetensors format that Descent reads (it writes `F32`).
enum SafeTensorsType: String, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

    var byteCount: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// Little-endian elements converted to Float.
    func decode(_ raw: ArraySlice<UInt8>) -> [Float] {
        let bytes = Array(raw)
        let n = bytes.count / byteCount
        func word(_ i: Int) -> UInt64 {
            (0..<byteCount).reduce(UInt64(0)) { $0 | UInt64(bytes[i * byteCount + $1]) << (8 * UInt64($1)) }
        }
        return (0..<n).map { i in
            let w = word(i)
            switch self {
            case .f64: return Float(Double(bitPattern: w))
            case .f32: return Float(bitPattern: UInt32(w))
            case .f16: return halfToFloat(UInt16(w))
            case .bf16: return Float(bitPattern: UInt32(w) << 16)
            case .i64: return Float(Int64(bitPattern: w))
            case .i32: return Float(Int32(bitPattern: UInt32(w)))
            case .i16: return Float(Int16(bitPattern: UInt16(w)))
            case .i8: return Float(Int8(bitPattern: UInt8(w)))
            case .u8, .bool: return Float(w)
            }
        }
    }
}

/// IEEE half precision to Float, without relying on the platform's `Float16`.
private func halfToFloat(_ h: UInt16) -> Float {
    let sign: Float = h & 0x8000 != 0 ? -1 : 1
    let exponent = Int((h >> 10) & 0x1F), fraction = Float(h & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
