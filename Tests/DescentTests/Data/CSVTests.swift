import Descent
import Foundation
import Testing

@Suite("CSV")
struct CSVTests {
    let folder = temporaryFolder()

    func write(_ text: String, _ name: String = "data.csv") -> String { writeFile(Array(text.utf8), name, in: folder) }

    @Test func quotedFieldsCommasNewlinesAndCRLF() throws {
        let text = "\u{FEFF}id,\"note, with comma\",species\r\n1,\"he said \"\"hi\"\"\",setosa\r\n2,\"two\nlines\",virginica\r\n\r\n3,plain,setosa"
        let table = try CSVTable.read(write(text))
        #expect(table.header == ["id", "note, with comma", "species"])
        #expect(table.records == [["1", "he said \"hi\"", "setosa"], ["2", "two\nlines", "virginica"], ["3", "plain", "setosa"]])
        // the record after the two-line field starts on line 6 (line 5 is blank)
        #expect(table.lineNumbers == [2, 3, 6])
    }

    @Test func categoricalLabelsByName() throws {
        let path = write("sepal length,species,petal width\n5.1,setosa,0.2\n7.0,versicolor,1.4\n6.3,\"virginica\",2.5\n4.9,setosa,0.1e0\n")
        let data = try Dataset.csv(path, label: "species")
        #expect(data.features.shape == [4, 2])
        #expect(data.features.scalars == [5.1, 0.2, 7.0, 1.4, 6.3, 2.5, 4.9, 0.1])
        #expect(data.classNames == ["setosa", "versicolor", "virginica"])
        #expect(data.targets.scalars == [0, 1, 2, 0])
        #expect(data.featureNames == ["sepal length", "petal width"])
    }

    @Test func integerLabelsSortNumericallyAndRealLabelsRegress() throws {
        let path = write("x,y\n1,10\n2,9\n3,10\n4,2\n")
        let classes = try Dataset.csv(path, label: "y")
        #expect(classes.classNames == ["2", "9", "10"])  // numeric order, not "10" < "2"
        #expect(classes.targets.scalars == [2, 1, 2, 0])
        let regression = try Dataset.csv(path, label: "y", labelKind: .numeric)
        #expect(regression.classNames == nil && regression.targets.shape == [4, 1])
        let real = try Dataset.csv(write("x,y\n1,0.5\n2,1.5\n", "real.csv"), label: "y")
        #expect(real.classNames == nil && real.targets.scalars == [0.5, 1.5])
    }

    @Test func badValuesNameLineAndColumn() {
        let path = write("a,b,label\n1,2,x\n3,\"4,5\",y\n")
        #expect(throws: DescentError.file(path: path, problem: "line 3, column 2 ('b'): '4,5' is not a number")) {
            try Dataset.csv(path, label: "label")
        }
        let empty = write("a,label\n1,x\n,y\n", "empty.csv")
        #expect(throws: DescentError.file(path: empty, problem: "line 3, column 1 ('a'): '' is not a number")) {
            try Dataset.csv(empty, label: "label")
        }
        let numericLabel = write("a,y\n1,2.5\n2,oops\n", "label.csv")
        #expect(throws: DescentError.file(path: numericLabel, problem: "line 3, column 2 ('y'): 'oops' is not a number")) {
            try Dataset.csv(numericLabel, label: "y", labelKind: .numeric)
        }
    }

    @Test func malformedFilesGiveClearErrors() {
        let ragged = write("a,b\n1,2\n3\n", "ragged.csv")
        #expect(throws: DescentError.file(path: ragged, problem: "line 3 has 1 fields, the header has 2")) { try CSVTable.read(ragged) }
        let open = write("a,b\n1,\"never closed\n2,3\n", "open.csv")
        #expect(throws: DescentError.file(path: open, problem: "line 2: a quoted field is never closed (the file ends inside quotes)")) {
            try CSVTable.read(open)
        }
        let stray = write("a,b\n1,2\"3\n", "stray.csv")
        #expect(throws: DescentError.self) { try CSVTable.read(stray) }
        #expect(throws: DescentError.file(path: write("", "empty.csv"), problem: "the file is empty; expected a header line")) {
            try CSVTable.read(folder.appendingPathComponent("empty.csv").path)
        }
        let headerOnly = write("a,b\n", "header.csv")
        #expect(throws: DescentError.file(path: headerOnly, problem: "the file has a header but no data rows")) { try Dataset.csv(headerOnly, label: "b") }
        #expect(throws: DescentError.invalidArgument(name: "label column", value: "c", expected: "one of the columns of \(headerOnly): a, b")) {
            try Dataset.csv(headerOnly, label: "c")
        }
    }

    @Test func nanAndInfinityAreNumbers() throws {
        let data = try Dataset.csv(write("a,b,y\nnan,inf,0\n1,-inf,1\n", "special.csv"), label: "y")
        #expect(data.features.scalars[0].isNaN)
        #expect(data.features.scalars[1] == .infinity && data.features.scalars[3] == -.infinity)
    }
}
