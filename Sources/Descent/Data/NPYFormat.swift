/// NumPy's `.npy` format (numpy.lib.format), versions 1.0, 2.0 and 3.0:
///
///     6 bytes     \x93NUMPY
///     2 bytes     major, minor version
///     2 or 4      header length, little-endian (UInt16 in 1.0, UInt32 in 2.0 and 3.0)
///     header      a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
///     then        the elements
///
/// Supported element types: float32/64, signed and unsigned integers of 1–8 bytes and bool,
/// either byte order; C order only (save Fortran-ordered arrays with `np.ascontiguousarray`).
enum NPYFormat {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// The layout in the header at the start of `bytes`; nil when more bytes are needed, unless
    /// `complete` says that `bytes` is the whole file (then a short header throws).
    static func layout(_ bytes: [UInt8], complete: Bool, path: String) throws -> ArrayLayout? {
        func fail(_ problem: String) -> DescentError { .file(path: path, problem: problem) }
        func short(_ problem: String) throws -> ArrayLayout? {
            guard complete else { return nil }
            throw fail(problem)
        }
        guard bytes.count >= 10 else { return try short("truncated NPY header (\(bytes.count) bytes)") }
        let major = bytes[6]
        let (lengthBytes, headerStart): (Int, Int)
        switch major {
        case 1: (lengthBytes, headerStart) = (2, 10)
        case 2, 3: (lengthBytes, headerStart) = (4, 12)
        default: throw fail("unsupported NPY version \(major).\(bytes[7]); expected 1.0, 2.0 or 3.0")
        }
        guard bytes.count >= headerStart else { return try short("truncated NPY header (\(bytes.count) bytes)") }
        let headerLength = (0..<lengthBytes).reversed().reduce(0) { $0 << 8 | Int(bytes[8 + $1]) }
        let dataStart = headerStart + headerLength
        guard bytes.count >= dataStart else {
            return try short("truncated NPY header: it declares \(headerLength) bytes, the file has \(bytes.count - headerStart) after the preamble")
        }
        let header = String(decoding: bytes[headerStart..<dataStart], as: UTF8.self)
        guard let descr = stringValue(of: "descr", in: header) else {
            throw fail("NPY header has no 'descr' string (structured dtypes are not supported): \(header.trimmed)")
        }
        guard let fortranOrder = literal(after: "fortran_order", in: header), ["True", "False"].contains(fortranOrder) else {
            throw fail("NPY header has no 'fortran_order': \(header.trimmed)")
        }
        guard fortranOrder == "False" else {
            throw fail("the array is in Fortran order; save it in C order (np.save(path, np.ascontiguousarray(a)))")
        }
        guard let shape = shape(in: header) else { throw fail("NPY header has no valid 'shape' tuple: \(header.trimmed)") }
        guard let type = ElementType(descr) else {
            throw fail("unsupported NPY dtype '\(descr)'; expected float32/64, (u)int8–64 or bool")
        }
        guard let count = ArrayFile.elementCount(shape), !count.multipliedReportingOverflow(by: type.size).overflow else {
            throw fail("NPY shape \(shape) is too large")
        }
        return ArrayLayout(shape: shape, dataType: type.name, format: "NPY", dataStart: dataStart, elementSize: type.size,
                           count: count, convert: type.converter)
    }

    /// The quoted string after `'key':`.
    static func stringValue(of key: String, in header: String) -> String? {
        guard let rest = literal(after: key, in: header), let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
        let body = rest.dropFirst()
        return body.firstIndex(of: quote).map { String(body[..<$0]) }
    }

    /// The text after `'key':`, up to the end of the header, trimmed at the front.
    static func literal(after key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        let rest = header[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        let value = rest.dropFirst().drop { $0 == " " }
        if let end = value.firstIndex(where: { $0 == "," || $0 == "}" }), !value.hasPrefix("'"), !value.hasPrefix("\""), !value.hasPrefix("(") {
            return String(value[..<end]).trimmingSpaces
        }
        return String(value)
    }

    /// The integers of the `'shape': (…)` tuple; [] for a scalar.
    static func shape(in header: String) -> [Int]? {
        guard let value = literal(after: "shape", in: header), value.first == "(",
              let close = value.firstIndex(of: ")") else { return nil }
        let items = value[value.index(after: value.startIndex)..<close].split(separator: ",").map { String($0).trimmingSpaces }
        let extents = items.filter { !$0.isEmpty }.compactMap { Int($0.hasSuffix("L") ? String($0.dropLast()) : $0) }
        guard extents.count == items.filter({ !$0.isEmpty }).count, extents.allSatisfy({ $0 >= 0 }) else { return nil }
        return extents
    }
}

extension String {
    /// The header without its padding, for error messages.
    fileprivate var trimmed: String { trimmingSpaces.replacingOccurrences(of: "\n", with: "") }
}
