/// A CSV file with a header row, as text fields (RFC 4180).
///
/// Fields are separated by commas; a field in double quotes may hold commas, line breaks and
/// doubled quotes (`"say ""hi"""`). Lines may end in LF or CRLF; blank lines are skipped; a
/// UTF-8 byte-order mark is ignored. Every record must have as many fields as the header.
///
/// ```swift
/// let table = try CSVTable.read("iris.csv")
/// let x = try table.numericMatrix(columns: [0, 1, 2, 3])   // errors name line and column
/// ```
public struct CSVTable {
    /// The column names from the first line.
    public var header: [String]
    /// The records after the header, each with `header.count` fields.
    public var records: [[String]]
    /// The file line on which each record starts (1 is the header), for error messages.
    public var lineNumbers: [Int]
    /// Where the table came from, for error messages.
    public var path: String

    /// Reads and parses the file at `path`.
    public static func read(_ path: String) throws -> CSVTable {
        try CSVTable(parsing: try ArrayFile.readBytes(path), path: path)
    }

    /// Parses CSV bytes; `path` names the source in errors.
    public init(parsing bytes: [UInt8], path: String) throws {
        self.path = path
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
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                    break
                case UInt8(ascii: "\""):
                    guard field.allSatisfy({ $0 == UInt8(ascii: " ") }) && !wasQuoted else {
                        throw DescentError.file(path: path, problem: "line \(line), field \(fields.count + 1): a quote inside an unquoted field; quote the whole field and double inner quotes (\"\")")
                    }
                    field.removeAll(keepingCapacity: true)
                    inQuotes = true
                    wasQuoted = true
                default:
                    field.append(byte)
                }
            }
            i += 1
        }
        guard !inQuotes else {
            throw DescentError.file(path: path, problem: "line \(recordLine): a quoted field is never closed (the file ends inside quotes)")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let header = rows.first else { throw DescentError.file(path: path, problem: "the file is empty; expected a header line") }
        for (record, recordLine) in zip(rows, lines) where record.count != header.count {
            throw DescentError.file(path: path, problem: "line \(recordLine) has \(record.count) fields, the header has \(header.count)")
        }
        self.header = header.map(\.trimmingSpaces)
        records = Array(rows.dropFirst())
        lineNumbers = Array(lines.dropFirst())
    }

    /// The index of the column called `name`; the error lists the columns there are.
    /// The Levenshtein distance of `a` and `b`, to suggest the column a typo meant.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let (a, b) = (Array(a), Array(b))
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() { current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))) }
            previous = current
        }
        return previous[b.count]
    }

    public func column(named name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            let similar = header.filter { Self.editDistance($0.lowercased(), name.lowercased()) <= 2 }
            let shown = header.count <= 12 ? header.joined(separator: ", ")
                : (similar.isEmpty ? "" : "similar: \(similar.prefix(5).joined(separator: ", ")); ") + "the first are \(header.prefix(8).joined(separator: ", ")), … (\(header.count) columns)"
            throw DescentError.invalidArgument(name: "label column", value: name, expected: "one of the columns of \(path): \(shown)")
        }
        return index
    }

    /// The chosen columns as an [N, columns.count] tensor. Values may be written as decimal or
    /// exponent numbers, `nan` or `inf`; anything else throws, naming the line and the column.
    public func numericMatrix(columns: [Int]) throws -> Tensor {
        var values: [Float] = []
        values.reserveCapacity(records.count * columns.count)
        for (record, line) in zip(records, lineNumbers) {
            for column in columns {
                guard let value = CSVTable.number(record[column]) else {
                    throw DescentError.file(path: path, problem: "line \(line), column \(column + 1) ('\(header[column])'): '\(record[column])' is not a number")
                }
                values.append(value)
            }
        }
        return Tensor(shape: [records.count, columns.count], scalars: values)
    }

    /// A field as a number, or nil (surrounding spaces are allowed).
    static func number(_ field: String) -> Float? {
        Float(field.trimmingSpaces)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
