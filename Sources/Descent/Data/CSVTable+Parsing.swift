import DescentKernels
import Foundation

extension CSVTable {
    /// Parses CSV bytes; `path` names the source in errors, `keepingText` as in `read`.
    public init(parsing bytes: [UInt8], path: String, keepingText: Set<String> = []) throws {
        self = try bytes.withUnsafeBytes { try CSVTable(parsing: $0, path: path, keepingText: keepingText) }
    }

    /// Bytes per piece parsed on one core; tests pass a few bytes to put records across pieces.
    static let defaultPieceBytes = 4 << 20

    /// Parses CSV bytes in pieces on all cores (`ThreadPool`), in four steps:
    ///
    /// 1. The header, sequentially: its field count is the row width.
    /// 2. Each piece of about `pieceBytes` counts its line feeds and quotes.
    /// 3. Each piece boundary moves forward to just after the first line feed preceded by an
    ///    even number of quotes. Outside a syntax error every quote opens or closes a quoted
    ///    field or is half of a `""` inside one, so an even count means outside quotes: the
    ///    boundary is a record boundary, and its line number is the line feeds before it.
    /// 4. Each piece parses its records into its rows of one Float buffer sized by the line
    ///    feeds (a bound on the records), and the rows close up where blank lines or quoted line
    ///    breaks left gaps. A second pass keeps the text of columns with a non-number in them.
    ///
    /// Errors are the sequential parser's: the first syntax error in the file (pieces before it
    /// parsed cleanly, so the piece holding it started where a sequential parse would be), else
    /// the first record with the wrong field count. `release` gets each piece once it is read.
    init(parsing bytes: UnsafeRawBufferPointer, path: String, keepingText: Set<String>,
         pieceBytes: Int = defaultPieceBytes, release: ((Range<Int>) -> Void)? = nil) throws {
        func fail(_ problem: String) -> DescentError { .file(path: path, problem: problem) }
        var headerParser = CSVChunkParser(roles: [], output: nil, rowWidth: 0, firstRow: 0, textSlots: 1)
        let bodyStart = headerParser.parse(bytes, (bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)..<bytes.count, line: 1, header: true)
        if let error = headerParser.syntaxError { throw fail(error) }
        guard !headerParser.lineNumbers.isEmpty else { throw fail("the file is empty; expected a header line") }
        let header = headerParser.texts[0].map(\.trimmingSpaces)
        let firstLine = 1 + Self.count(bytes, 0..<bodyStart).lineFeeds
        let (boundaries, lines) = Self.pieces(bytes, bodyStart..<bytes.count, firstLine: firstLine, pieceBytes: pieceBytes, release: release)

        var roles: [CSVChunkParser.Role] = [], textColumns: [Int] = [], numericColumns: [Int] = []
        for (column, name) in header.enumerated() {
            if keepingText.contains(name) {
                roles.append(.text(slot: textColumns.count))
                textColumns.append(column)
            } else {
                roles.append(.number(position: numericColumns.count))
                numericColumns.append(column)
            }
        }
        // Records per piece are at most its line feeds, plus one for a last line without one.
        let pieceCount = boundaries.count - 1
        var firstRows = [0]
        for k in 0..<pieceCount { firstRows.append(firstRows[k] + lines[k + 1] - lines[k] + (k == pieceCount - 1 ? 1 : 0)) }
        let width = numericColumns.count
        var parsed: [CSVChunkParser] = []
        let numbers = try [Float](unsafeUninitializedCapacity: firstRows[pieceCount] * width) { out, initialized in
            initialized = 0
            MappedFile.preferHugePages(out)
            parsed = Self.parsePieces(bytes, boundaries, lines, release: release) { k in
                CSVChunkParser(roles: roles, output: out.baseAddress, rowWidth: width, firstRow: firstRows[k], textSlots: textColumns.count)
            }
            if let error = parsed.lazy.compactMap(\.syntaxError).first { throw fail(error) }
            if let ragged = parsed.lazy.compactMap(\.ragged).first {
                throw fail("line \(ragged.line) has \(ragged.count) fields, the header has \(header.count)")
            }
            var rows = 0
            for (k, piece) in parsed.enumerated() {
                if firstRows[k] != rows, let base = out.baseAddress {
                    memmove(base + rows * width, base + firstRows[k] * width, piece.rows * width * MemoryLayout<Float>.stride)
                }
                rows += piece.rows
            }
            initialized = rows * width
        }
        var texts: [Int: [String]] = [:]
        for (slot, column) in textColumns.enumerated() { texts[column] = parsed.flatMap { $0.texts[slot] } }
        let nonNumeric = Set(parsed.flatMap(\.firstNonNumber.keys)).sorted().map { numericColumns[$0] }
        if !nonNumeric.isEmpty {
            let textRoles: [CSVChunkParser.Role] = header.indices.map { nonNumeric.firstIndex(of: $0).map { .text(slot: $0) } ?? .skip }
            let again = Self.parsePieces(bytes, boundaries, lines, release: release) { _ in
                CSVChunkParser(roles: textRoles, output: nil, rowWidth: 0, firstRow: 0, textSlots: nonNumeric.count)
            }
            for (slot, column) in nonNumeric.enumerated() { texts[column] = again.flatMap { $0.texts[slot] } }
        }
        self.init(header: header, lineNumbers: parsed.flatMap(\.lineNumbers), path: path, numbers: numbers,
                  numericColumns: numericColumns, texts: texts)
    }

    /// Runs `parser(k)` over piece k, from `boundaries[k]` (on line `lines[k]`) to the next, in parallel.
    private static func parsePieces(_ bytes: UnsafeRawBufferPointer, _ boundaries: [Int], _ lines: [Int],
                                    release: ((Range<Int>) -> Void)?, _ parser: (Int) -> CSVChunkParser) -> [CSVChunkParser] {
        var results = [CSVChunkParser?](repeating: nil, count: boundaries.count - 1)
        results.withUnsafeMutableBufferPointer { results in
            ThreadPool.parallelFor(results.count) { k in
                var piece = parser(k)
                piece.parse(bytes, boundaries[k]..<boundaries[k + 1], line: lines[k])
                release?(boundaries[k]..<boundaries[k + 1])
                results[k] = piece
            }
        }
        return results.map { $0! }
    }

    /// The record boundaries that cut `body` into pieces of about `pieceBytes` (first `body`'s
    /// start, last its end) and the line each starts on (steps 2 and 3 above).
    private static func pieces(_ bytes: UnsafeRawBufferPointer, _ body: Range<Int>, firstLine: Int, pieceBytes: Int,
                               release: ((Range<Int>) -> Void)?) -> (boundaries: [Int], lines: [Int]) {
        let pieceCount = max(1, body.count / max(1, pieceBytes))
        let nominal = (0...pieceCount).map { body.lowerBound + $0 * body.count / pieceCount }
        var counts = [(lineFeeds: Int, quotes: Int)](repeating: (0, 0), count: pieceCount)
        counts.withUnsafeMutableBufferPointer { counts in
            ThreadPool.parallelFor(pieceCount) { k in
                counts[k] = count(bytes, nominal[k]..<nominal[k + 1])
                release?(nominal[k]..<nominal[k + 1])
            }
        }
        var boundaries = [body.lowerBound], lines = [firstLine]
        var lineFeeds = 0, quotes = 0
        for k in 1..<(pieceCount + 1) {
            lineFeeds += counts[k - 1].lineFeeds
            quotes += counts[k - 1].quotes
            guard k < pieceCount, nominal[k] > boundaries[k - 1] else {
                boundaries.append(k < pieceCount ? boundaries[k - 1] : body.upperBound)
                lines.append(k < pieceCount ? lines[k - 1] : firstLine + lineFeeds)
                continue
            }
            var i = nominal[k], line = firstLine + lineFeeds, odd = quotes % 2 == 1
            while i < body.upperBound {
                let byte = bytes[i]
                i += 1
                if byte == UInt8(ascii: "\"") { odd.toggle() }
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    if !odd { break }
                }
            }
            boundaries.append(i)
            lines.append(line)
        }
        return (boundaries, lines)
    }

    /// Line feeds and double quotes in `bytes[range]`, found with `memchr` (the C library's
    /// vectorized search: a line is hundreds of bytes long, and quotes are rare).
    static func count(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> (lineFeeds: Int, quotes: Int) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return (0, 0) }
        func occurrences(of byte: UInt8) -> Int {
            var found = 0, at = base + range.lowerBound
            let end = base + range.upperBound
            while at < end, let hit = memchr(at, Int32(byte), end - at) {
                found += 1
                at = UnsafeRawPointer(hit) + 1
            }
            return found
        }
        return (occurrences(of: UInt8(ascii: "\n")), occurrences(of: UInt8(ascii: "\"")))
    }
}
