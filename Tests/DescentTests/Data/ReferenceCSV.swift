/// The CSV reader as it was before pieces, mapping and the Float fast path: every field a
/// `String`, every number `Float(String)`. Kept here only as the oracle the new reader must
/// match, value for value and error for error.
struct ReferenceCSV {
    var header: [String] = []
    var records: [[String]] = []
    var lines: [Int] = []

    /// The table, or the problem the old reader reported.
    static func parse(_ bytes: [UInt8]) -> Result<ReferenceCSV, ReferenceError> {
        var rows: [[String]] = [], lines: [Int] = []
        var fields: [String] = [], field: [UInt8] = []
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                rows.append(fields)
                lines.append(recordLine)
            }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"): break
                case UInt8(ascii: "\""):
                    guard field.allSatisfy({ $0 == UInt8(ascii: " ") }) && !wasQuoted else {
                        return .failure(ReferenceError(problem: "line \(line), field \(fields.count + 1): a quote inside an unquoted field; quote the whole field and double inner quotes (\"\")"))
                    }
                    field.removeAll(keepingCapacity: true)
                    inQuotes = true
                    wasQuoted = true
                default: field.append(byte)
                }
            }
            i += 1
        }
        guard !inQuotes else { return .failure(ReferenceError(problem: "line \(recordLine): a quoted field is never closed (the file ends inside quotes)")) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let header = rows.first else { return .failure(ReferenceError(problem: "the file is empty; expected a header line")) }
        for (record, recordLine) in zip(rows, lines) where record.count != header.count {
            return .failure(ReferenceError(problem: "line \(recordLine) has \(record.count) fields, the header has \(header.count)"))
        }
        return .success(ReferenceCSV(header: header.map(\.withoutSurroundingSpaces), records: Array(rows.dropFirst()), lines: Array(lines.dropFirst())))
    }

    /// The old `numericMatrix` over all columns: the values, or the first field that is not a number.
    func numbers(path: String) -> Result<[Float], ReferenceError> {
        var values: [Float] = []
        for (record, line) in zip(records, lines) {
            for column in header.indices {
                guard let value = Float(record[column].withoutSurroundingSpaces) else {
                    return .failure(ReferenceError(problem: "line \(line), column \(column + 1) ('\(header[column])'): '\(record[column])' is not a number"))
                }
                values.append(value)
            }
        }
        return .success(values)
    }
}

struct ReferenceError: Error, Equatable {
    var problem: String
}

extension String {
    /// The string without leading and trailing spaces.
    var withoutSurroundingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
