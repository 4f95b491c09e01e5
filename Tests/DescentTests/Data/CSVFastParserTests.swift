@testable import Descent
import DescentKernels
import Foundation
import Testing

/// The parallel, mapped CSV reader against `ReferenceCSV` (the old reader): the same header,
/// line numbers, text, Float bit patterns and error messages, with pieces of every size.
@Suite("CSV pieces and numbers, against the old reader")
struct CSVFastParserTests {
    /// Piece sizes that put boundaries everywhere, and the default.
    static let pieceSizes = [1, 2, 3, 5, 8, 13, 64, CSVTable.defaultPieceBytes]

    static let texts = [
        "\u{FEFF}id,\"note, with comma\",species\r\n1,\"he said \"\"hi\"\"\",setosa\r\n2,\"two\nlines\",virginica\r\n\r\n3,plain,setosa",
        "sepal length,species,petal width\n5.1,setosa,0.2\n7.0,versicolor,1.4\n6.3,\"virginica\",2.5\n4.9,setosa,0.1e0\n",
        "a,b\n\"1\n\n\n2\",3\n\n\n4,\"x\"\"\n,y\"\n5, 6 \n  \"7\",8\r\n9,\"a\"b\n",
        "x,y\n1,10\n2,9\n3,10\n4,2\n", "a,b,y\nnan,inf,0\n1,-inf,1\n", "a,b\n1,2\n3\n", "a,b\n1,\"never closed\n2,3\n",
        "a,b\n1,2\"3\n", "", "\n\n", "a,b\n", "a,b\n1,2\n3,4", "a\n\n\n1\n", "a,b\n1,2\r\r\n3,4\r", "a,b\n\"\"\n1,2\n",
        "a,b\n1,2,3\n4,\"5\n", "a,b\n1\n2,\"3\"x\"\n", " a , b \n -0 , +.5e1 \n 1e , 0x10 \n",
    ]

    /// The repository's CSV fixtures: the fuzz corpus and any .csv under Tests/.
    static var fixtures: [(name: String, bytes: [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var found: [(String, [UInt8])] = []
        for folder in ["Fuzz/corpus/csv", "Tests"] {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix(".csv"), let data = FileManager.default.contents(atPath: root.appendingPathComponent(folder).appendingPathComponent(file).path) else { continue }
                found.append((folder + "/" + file, Array(data)))
            }
        }
        return found
    }

    /// Expects the new reader, in pieces of `pieceBytes`, to agree with the old one on `bytes`.
    func expectSameAsReference(_ bytes: [UInt8], pieceBytes: Int, _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        let path = "t.csv"
        let new = Result { try bytes.withUnsafeBytes { try CSVTable(parsing: $0, path: path, keepingText: [], pieceBytes: pieceBytes) } }
        switch (ReferenceCSV.parse(bytes), new) {
        case (.failure(let old), .failure(let error)):
            #expect(error as? DescentError == .file(path: path, problem: old.problem), "\(label)", sourceLocation: sourceLocation)
        case (.success(let old), .success(let table)):
            #expect(table.header == old.header && table.lineNumbers == old.lines, "\(label)", sourceLocation: sourceLocation)
            for column in old.header.indices {
                let fields = old.records.map { $0[column] }
                let numbers = fields.map { Float($0.withoutSurroundingSpaces) }
                if numbers.allSatisfy({ $0 != nil }) {
                    let matrix = try? table.numericMatrix(columns: [column])
                    #expect(matrix?.scalars.map(\.bitPattern) == numbers.map { $0!.bitPattern }, "\(label), column \(column)", sourceLocation: sourceLocation)
                } else {
                    #expect(table.text(ofColumn: column) == fields, "\(label), column \(column)", sourceLocation: sourceLocation)
                }
            }
            switch (old.numbers(path: path), Result { try table.numericMatrix(columns: Array(table.header.indices)) }) {
            case (.success(let values), .success(let matrix)):
                #expect(matrix.scalars.map(\.bitPattern) == values.map(\.bitPattern), "\(label)", sourceLocation: sourceLocation)
            case (.failure(let old), .failure(let error)):
                #expect(error as? DescentError == .file(path: path, problem: old.problem), "\(label)", sourceLocation: sourceLocation)
            case (let old, let new):
                Issue.record("\(label): old \(old), new \(new)", sourceLocation: sourceLocation)
            }
        case (let old, let new):
            Issue.record("\(label): old \(old), new \(new)", sourceLocation: sourceLocation)
        }
    }

    @Test func fixturesAndEdgeCasesMatchTheOldReaderInPiecesOfEverySize() {
        let cases = Self.fixtures + Self.texts.enumerated().map { ("text \($0.offset)", Array($0.element.utf8)) }
        #expect(cases.count > Self.texts.count)  // the fuzz corpus was found
        for (name, bytes) in cases {
            for size in Self.pieceSizes {
                expectSameAsReference(bytes, pieceBytes: size, "\(name), pieces of \(size)")
            }
        }
    }

    /// Decimal text in many spellings, seeded: integers, fractions, exponents, signs, padding.
    static func randomNumber(_ random: RandomGenerator) -> String {
        let digits = (0..<(1 + random.nextInt(below: 12))).map { _ in String(random.nextInt(below: 10)) }.joined()
        let point = random.nextInt(below: digits.count + 1)
        var text = random.nextInt(below: 3) == 0 ? digits : String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        if random.nextInt(below: 3) == 0 {
            text += (random.nextInt(below: 2) == 0 ? "e" : "E") + ["", "+", "-"][random.nextInt(below: 3)] + String(random.nextInt(below: 50))
        }
        text = ["", "-", "+"][random.nextInt(below: 3)] + text
        return String(repeating: " ", count: random.nextInt(below: 2)) + text + String(repeating: " ", count: random.nextInt(below: 2))
    }

    @Test func randomDecimalsReadBitForBitAsFloatString() {
        let random = RandomGenerator(seed: 19)
        var fields = (0..<200_000).map { _ in Self.randomNumber(random) }
        fields += ["0", "-0", "255", "0.5", "-1.25e-3", "16777216", "16777217", "1e10", "1e-10", "1e11", "3.4028235e38", "1e39",
                   "1.4e-45", "7e-46", "nan", "-inf", "Infinity", "0x1p3", "1_0", ".", "-", "e5", "5e", "1..2", "٣", ""]
        for field in fields {
            let bytes = Array(field.utf8)
            let new = bytes.withUnsafeBufferPointer { CSVNumber.parse($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
            let old = Float(field.withoutSurroundingSpaces)
            #expect(new?.bitPattern == old?.bitPattern, "'\(field)'")
        }
        // The same fields through whole tables, three to a row.
        var text = "a,b,c\n"
        for row in stride(from: 0, to: 3000, by: 3) { text += fields[row..<(row + 3)].joined(separator: ",") + "\n" }
        for size in [7, 1000] { expectSameAsReference(Array(text.utf8), pieceBytes: size, "random table, pieces of \(size)") }
    }

    @Test func errorsNameTheirLineWhereverThePiecesFall() {
        // A ragged record before a stray quote: the quote is reported, as the old reader did.
        let cases: [(String, String)] = [
            ("a,b\n1,2\n3\n4,\"5\n6\"\n7,8\"9\n", "line 6, field 2: a quote inside an unquoted field; quote the whole field and double inner quotes (\"\")"),
            ("a,b\n1,\"x\ny\"\n2,\"open\n3,4\n", "line 4: a quoted field is never closed (the file ends inside quotes)"),
            ("a,b\n1,2\n\n\"3\n\",4\n5,6,7\n8\n", "line 6 has 3 fields, the header has 2"),
        ]
        for (text, problem) in cases {
            for size in Self.pieceSizes {
                #expect(throws: DescentError.file(path: "e.csv", problem: problem)) {
                    try Array(text.utf8).withUnsafeBytes { try CSVTable(parsing: $0, path: "e.csv", keepingText: [], pieceBytes: size) }
                }
            }
        }
        let table = try? CSVTable(parsing: Array("a,b\n1,2\n\n3,\"x\ny\"\n4,5\n".utf8), path: "e.csv")
        #expect(throws: DescentError.file(path: "e.csv", problem: "line 4, column 2 ('b'): 'x\ny' is not a number")) {
            try table?.numericMatrix(columns: [0, 1])
        }
    }

    @Test func keptTextKeepsItsSpellingAndLabelsReadAsBefore() throws {
        let folder = temporaryFolder()
        let path = writeFile(Array("x,y\n1,0.5\n2,.5\n3,1.50\n4,0.5\n".utf8), "spelled.csv", in: folder)
        let data = try Dataset.csv(path, label: "y", labelKind: .categorical)
        #expect(data.classNames == [".5", "0.5", "1.50"] && data.targets.scalars == [1, 0, 2, 1])
        let plain = try CSVTable.read(path)
        #expect(plain.text(ofColumn: 1) == ["0.5", "0.5", "1.5", "0.5"])  // shortest spelling when not kept
        #expect(try CSVTable.read(path, keepingText: ["y"]).text(ofColumn: 1) == ["0.5", ".5", "1.50", "0.5"])
    }
}
