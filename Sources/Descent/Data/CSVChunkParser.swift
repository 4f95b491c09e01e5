/// Parses the records of one piece of a CSV file that starts at a record boundary, writing
/// numeric fields straight into the table's Float rows and keeping text only where asked.
///
/// The state machine is RFC 4180's, byte for byte as `CSVTable` has always read it: a quote
/// opens a quoted field only at its start (after spaces, which it drops); inside quotes `""` is
/// one quote and commas and line breaks are text; after the closing quote, bytes join the field
/// up to the next comma; CR is dropped before LF; a record of one empty field (a blank line)
/// is skipped. A field outside quotes is parsed where it lies in the file; only a quoted field
/// is copied (into `scratch`) to undo its quoting.
struct CSVChunkParser {
    /// What becomes of one column's fields.
    enum Role {
        /// Parsed into slot `position` of each output row.
        case number(position: Int)
        /// Kept as text in `texts[slot]`.
        case text(slot: Int)
        /// Read over (another pass handles it).
        case skip
    }

    let roles: [Role]
    /// The Float rows: `rowWidth` values per record, from row `firstRow` on.
    let output: UnsafeMutablePointer<Float>?
    let rowWidth: Int, firstRow: Int

    // Results.
    var rows = 0
    var lineNumbers: [Int] = []
    var texts: [[String]]
    /// The first field of each numeric position that is not a number: (row in this piece, field).
    var firstNonNumber: [Int: (row: Int, field: String)] = [:]
    /// A syntax error (stray quote, unclosed quote); parsing stops at it.
    var syntaxError: String?
    /// The first record whose field count differs from the header's: (line, fields).
    var ragged: (line: Int, count: Int)?

    private var scratch: [UInt8] = []

    init(roles: [Role], output: UnsafeMutablePointer<Float>?, rowWidth: Int, firstRow: Int, textSlots: Int) {
        self.roles = roles
        self.output = output
        self.rowWidth = rowWidth
        self.firstRow = firstRow
        texts = Array(repeating: [], count: textSlots)
    }

    /// Parses `bytes[range]`, whose first byte is on line `line`. With `header`, stops after the
    /// first record, keeps all its fields in `texts[0]`, and returns where the next record starts.
    @discardableResult
    mutating func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, line firstLine: Int, header: Bool = false) -> Int {
        guard !range.isEmpty, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return range.lowerBound }
        let end = range.upperBound
        var i = range.lowerBound, line = firstLine, recordLine = firstLine
        var field = 0, fieldStart = i
        var quoted = false, inQuotes = false, parsed = false
        while i < end {
            if i == fieldStart && !header, let (value, next) = Self.plainInteger(base, from: i, end: end), field < roles.count,
               case .number(let position) = roles[field] {
                // A field of digits only: its value without a second look (see `plainInteger`).
                output?[(firstRow + rows) * rowWidth + position] = value
                parsed = true
                i = next
            }
            let byte = base[i]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < end && base[i + 1] == UInt8(ascii: "\"") {
                        scratch.append(byte)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    scratch.append(byte)
                }
            } else if byte > UInt8(ascii: ",") || (byte != UInt8(ascii: ",") && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\"")) {
                // Ordinary text; CR before LF is dropped when the field ends.
                if quoted && !(byte == UInt8(ascii: "\r") && i + 1 < end && base[i + 1] == UInt8(ascii: "\n")) { scratch.append(byte) }
            } else if byte == UInt8(ascii: "\"") {
                guard !quoted && (fieldStart..<i).allSatisfy({ base[$0] == UInt8(ascii: " ") }) else {
                    syntaxError = "line \(line), field \(field + 1): a quote inside an unquoted field; quote the whole field and double inner quotes (\"\")"
                    return i
                }
                scratch.removeAll(keepingCapacity: true)
                inQuotes = true
                quoted = true
            } else {
                let recordEnds = byte == UInt8(ascii: "\n")
                var fieldEnd = i
                if recordEnds && !quoted && fieldEnd > fieldStart && base[fieldEnd - 1] == UInt8(ascii: "\r") { fieldEnd -= 1 }
                let blank = recordEnds && field == 0 && (quoted ? scratch.isEmpty : fieldEnd == fieldStart)
                if !blank {
                    if !parsed { endField(field, quoted: quoted, base + fieldStart, count: fieldEnd - fieldStart, header: header) }
                    field += 1
                }
                quoted = false
                parsed = false
                fieldStart = i + 1
                if recordEnds {
                    if !blank { endRecord(fields: field, line: recordLine) }
                    field = 0
                    line += 1
                    recordLine = line
                    if header && !blank { return i + 1 }
                }
            }
            i += 1
        }
        if inQuotes {
            syntaxError = "line \(recordLine): a quoted field is never closed (the file ends inside quotes)"
        } else if field > 0 || (quoted ? !scratch.isEmpty : fieldStart < end) {
            endField(field, quoted: quoted, base + fieldStart, count: end - fieldStart, header: header)
            endRecord(fields: field + 1, line: recordLine)
        }
        return end
    }

    /// A field of 1–9 digits that a comma, LF or CRLF ends, at `start`: its value and the
    /// offset of the byte that ends it. Its integer is below 10⁹ < 2³², and `Float(UInt32)`
    /// rounds correctly, as `Float(String)` does: the same Float.
    @inline(__always)
    private static func plainInteger(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> (Float, Int)? {
        var i = start, value: UInt32 = 0
        while i < end && i - start < 9 {
            let digit = base[i] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ UInt32(digit)
            i += 1
        }
        guard i > start, i < end else { return nil }
        let byte = base[i]
        guard byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n")
                || (byte == UInt8(ascii: "\r") && i + 1 < end && base[i + 1] == UInt8(ascii: "\n")) else { return nil }
        return (Float(value), i)
    }

    /// Stores field `index` of the current record: the bytes at `start`, or `scratch` when quoted.
    @inline(__always)
    private mutating func endField(_ index: Int, quoted: Bool, _ start: UnsafePointer<UInt8>, count: Int, header: Bool) {
        if header {
            texts[0].append(quoted ? String(decoding: scratch, as: UTF8.self) : Self.text(start, count))
            return
        }
        guard index < roles.count else { return }
        switch roles[index] {
        case .number(let position):
            let value = quoted ? scratch.withUnsafeBufferPointer { CSVNumber.parse($0.baseAddress ?? start, count: $0.count) }
                               : CSVNumber.parse(start, count: count)
            output?[(firstRow + rows) * rowWidth + position] = value ?? .nan
            if value == nil && firstNonNumber[position] == nil {
                firstNonNumber[position] = (rows, quoted ? String(decoding: scratch, as: UTF8.self) : Self.text(start, count))
            }
        case .text(let slot):
            texts[slot].append(quoted ? String(decoding: scratch, as: UTF8.self) : Self.text(start, count))
        case .skip:
            break
        }
    }

    @inline(__always)
    private mutating func endRecord(fields: Int, line: Int) {
        if fields != roles.count && ragged == nil { ragged = (line, fields) }
        rows += 1
        lineNumbers.append(line)
    }

    private static func text(_ start: UnsafePointer<UInt8>, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }
}
