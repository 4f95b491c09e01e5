/// A CSV file with a header row (RFC 4180), read column by column: numbers straight into one
/// row-major Float buffer, text kept only for the columns that need it.
///
/// Fields are separated by commas; a field in double quotes may hold commas, line breaks and
/// doubled quotes (`"say ""hi"""`). Lines may end in LF or CRLF; blank lines are skipped; a
/// UTF-8 byte-order mark is ignored. Every record must have as many fields as the header.
///
/// A column is kept as text when it is named in `keepingText` (a label column) or when one of
/// its fields is not a number (spaces around a number are allowed; `nan` and `inf` are
/// numbers). Every other column lives only in `numbers`, the values `Float(String)` gives, bit
/// for bit. The file is memory-mapped and parsed in pieces on all cores (`CSVTable+Parsing`).
///
/// ```swift
/// let table = try CSVTable.read("iris.csv", keepingText: ["species"])
/// let x = try table.numericMatrix(columns: [0, 1, 2, 3])   // errors name line and column
/// ```
public struct CSVTable {
    /// The column names from the first line.
    public var header: [String]
    /// The file line on which each record starts (1 is the header), for error messages.
    public var lineNumbers: [Int]
    /// Where the table came from, for error messages.
    public var path: String
    /// The numeric columns' values, row-major: `numericColumns.count` per record.
    var numbers: [Float]
    /// The columns held in `numbers`, in header order: all but those named in `keepingText`.
    var numericColumns: [Int]
    /// The fields of the text columns, by column index: those named in `keepingText` and those
    /// with a field that is not a number (which also stay in `numbers`, as NaN there).
    var texts: [Int: [String]]

    /// The number of records (rows after the header).
    public var rowCount: Int { lineNumbers.count }

    /// The records after the header, each with `header.count` fields, as text. Numeric columns
    /// that are not kept as text come back in their shortest spelling (`1.50` reads `1.5`, `007`
    /// reads `7`); pass `keepingText` to `read` for the columns whose spelling matters.
    public var records: [[String]] {
        let columns = header.indices.map(text(ofColumn:))
        return (0..<rowCount).map { row in columns.map { $0[row] } }
    }

    /// Reads and parses the file at `path`; `keepingText` names columns to keep as text even
    /// when they hold numbers (e.g. a label column whose classes are spelled `0.5`, `1.0`).
    public static func read(_ path: String, keepingText: Set<String> = []) throws -> CSVTable {
        let file = try MappedFile(path: path)
        return try CSVTable(parsing: file.bytes, path: path, keepingText: keepingText, release: file.release)
    }

    /// The fields of `column`, one per record: as read for a text column, else each number's
    /// shortest spelling (`String(Int(v))` for integers below 10¹⁵).
    public func text(ofColumn column: Int) -> [String] {
        if let text = texts[column] { return text }
        let position = numericColumns.firstIndex(of: column)!, width = numericColumns.count
        return (0..<rowCount).map { row in
            let value = numbers[row * width + position]
            return value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
    }

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

    /// The index of the column called `name`; the error lists the columns there are.
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
    /// exponent numbers, `nan` or `inf`; anything else throws, naming the line and the column
    /// of the first such field (by record, then in the order of `columns`). Asking for exactly
    /// `numericColumns` shares the table's buffer instead of copying it.
    public func numericMatrix(columns: [Int]) throws -> Tensor {
        var first: (row: Int, order: Int, field: String)?
        for (order, column) in columns.enumerated() {
            guard let text = texts[column], let row = text.firstIndex(where: { CSVTable.number($0) == nil }) else { continue }
            if first.map({ row < $0.row }) ?? true { first = (row, order, text[row]) }
        }
        if let first {
            let column = columns[first.order]
            throw DescentError.file(path: path, problem: "line \(lineNumbers[first.row]), column \(column + 1) ('\(header[column])'): '\(first.field)' is not a number")
        }
        if columns == numericColumns { return Tensor(shape: [rowCount, columns.count], scalars: numbers) }
        let width = numericColumns.count
        let sources = columns.map { column in (numericColumns.firstIndex(of: column), texts[column]) }
        let values = [Float](unsafeUninitializedCapacity: rowCount * columns.count) { out, initialized in
            for row in 0..<rowCount {
                for (k, (position, text)) in sources.enumerated() {
                    out[row * columns.count + k] = position.map { numbers[row * width + $0] } ?? CSVTable.number(text![row])!
                }
            }
            initialized = rowCount * columns.count
        }
        return Tensor(shape: [rowCount, columns.count], scalars: values)
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
