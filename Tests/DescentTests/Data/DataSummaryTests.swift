@testable import Descent
import Testing

@Suite struct DataSummaryTests {
    func table(_ text: String) throws -> CSVTable { try CSVTable(parsing: Array(text.utf8), path: "t.csv") }

    @Test func csvWithoutALabelSummarizesEveryColumn() throws {
        let summary = try DataSummary(table: table("a,b\n1,5\n3,5\n"), label: nil)
        #expect(summary.shape == [2, 2])
        #expect(summary.features.map(\.name) == ["a", "b"])
        #expect(summary.features[0].mean == 2 && summary.features[0].standardDeviation == 1)
        #expect(summary.constantFeatures == ["b"])
        #expect(summary.classCounts == nil)
        #expect(throws: DescentError.self) { try DataSummary(table: table("a,kind\n1,x\n"), label: nil) }
    }

    @Test func csvWithALabelCountsClasses() throws {
        let summary = try DataSummary(table: table("x,kind\n1,cat\n2,dog\n3,cat\n"), label: "kind")
        #expect(summary.features.map(\.name) == ["x"])
        #expect(summary.classCounts?.map(\.count).sorted() == [1, 2])
        #expect(summary.imbalanceRatio == 2 && summary.isImbalanced)
    }

    @Test func integerVectorsAreLabelsAndImagesHavePositionNames() throws {
        let labels = ArrayFile(shape: [4], dataType: "uint8", format: "IDX", values: [0, 2, 2, 1])
        #expect(DataSummary.readsAsLabels(labels))
        let summary = try DataSummary(array: labels, path: "l.idx")
        #expect(summary.classCounts?.map(\.count) == [1, 1, 2])
        let images = ArrayFile(shape: [1, 2, 3], dataType: "float32", format: "NPY", values: [1, 2, 3, 4, 5, 6])
        #expect(!DataSummary.readsAsLabels(images))
        let pixels = try DataSummary(array: images, path: "i.npy")
        #expect(pixels.shape == [1, 2, 3])
        #expect(pixels.features.map(\.name) == ["(0,0)", "(0,1)", "(0,2)", "(1,0)", "(1,1)", "(1,2)"])
    }

    @Test func labelsOutOfRangeAndEmptyArraysAreFileErrors() {
        let negative = ArrayFile(shape: [2], dataType: "int32", format: "NPY", values: [0, -1])
        #expect(throws: DescentError.file(path: "n.npy", problem: "integer labels must lie in 0…99999")) {
            try DataSummary(array: negative, path: "n.npy")
        }
        let empty = ArrayFile(shape: [0, 3], dataType: "float32", format: "NPY", values: [])
        #expect(throws: DescentError.file(path: "e.npy", problem: "the array has no samples (shape [0, 3])")) {
            try DataSummary(array: empty, path: "e.npy")
        }
    }

    @Test func textElidesFeaturesBeyondTheLimitAndNamesTheWarnings() throws {
        let summary = try DataSummary(table: table("a,b,c\n1,5,0\n3,5,1\n"), label: nil)
        let lines = summary.text(file: "t.csv", format: "CSV", maxFeatures: 2, elisionHint: "--json lists all").split(separator: "\n")
        #expect(lines[0] == "file: t.csv (CSV, float32 (from text))")
        #expect(lines[1] == "shape: [2, 3] — 2 samples of 3 feature(s)")
        #expect(lines[2] == "feature        mean         std         min         max  notes")
        #expect(lines[3] == "a            2.0000      1.0000      1.0000      3.0000")
        #expect(lines[4].hasSuffix("  CONSTANT"))
        #expect(lines[5] == "… 1 more features (--json lists all); mean of feature means 2.5000")
        #expect(lines[6] == "constant features: 1 — b")
        #expect(lines[7] == "non-finite values (NaN/inf): none")
        #expect(lines.count == 8)
    }
}
