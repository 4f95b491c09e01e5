import ArgumentParser
import Descent
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Look at data files before training on them.",
        discussion: """
            Examples:
              descent data inspect iris.csv --label species
              descent data inspect train-images-idx3-ubyte.gz --json
            """,
        subcommands: [Inspect.self])

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print shape, dtype, class counts and per-feature statistics of a CSV, IDX or NPY file.",
            discussion: """
                Flags constant features, NaN/inf values and class imbalance
                (largest class at least 1.5× the smallest). A CSV needs a header;
                with --label that column is counted as classes. An IDX or NPY file
                (optionally .gz) of integers with one axis is read as labels; any
                other array as samples along its first axis.

                Examples:
                  descent data inspect iris.csv --label species
                  descent data inspect train-labels-idx1-ubyte.gz
                  descent data inspect features.npy --json
                """)

        @Argument(help: "A .csv, IDX (e.g. train-images-idx3-ubyte.gz) or .npy file.")
        var file: String
        @Option(help: "For a CSV: the label column, reported as class counts.")
        var label: String?
        @Option(help: "Rows of per-feature statistics printed before eliding (all with --json).")
        var maxFeatures = 40
        @Flag(help: "Print the summary as JSON.")
        var json = false

        func run() throws {
            try reportingFailures {
                let (summary, format) = try summarize()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                    print(String(decoding: try encoder.encode(summary), as: UTF8.self))
                } else {
                    print(DataSummaryReport(summary: summary, file: file, format: format, maxFeatures: maxFeatures).text)
                }
            }
        }

        private func summarize() throws -> (DataSummary, String) {
            if file.lowercased().hasSuffix(".csv") {
                let table = try CSVTable.read(file)
                guard let label else {
                    let x: Tensor
                    do {
                        x = try table.numericMatrix(columns: Array(table.header.indices))
                    } catch let error as DescentError {
                        throw CommandFailure("\(error); if that is the label column, pass --label NAME")
                    }
                    return (DataSummary(features: x, featureNames: table.header, dataType: "float32 (from text)"), "CSV")
                }
                let data = try Dataset.csv(table, label: label)
                return (DataSummary(features: data.features, featureNames: data.featureNames, dataType: "float32 (from text)",
                                    targets: data.targets, classNames: data.classNames), "CSV")
            }
            guard label == nil else { throw CommandFailure("--label applies to CSV files only; \(file) is not a .csv") }
            let array = try ArrayFile.read(file)
            let isInteger = array.dataType.contains("int") || array.dataType == "bool"
            if array.shape.count == 1 && isInteger {
                guard let largest = array.values.max(), array.values.allSatisfy({ $0 >= 0 }), largest < 100_000 else {
                    throw CommandFailure("\(file): integer labels must lie in 0…99999")
                }
                let names = (0...Int(largest)).map(String.init)
                return (DataSummary(features: array.tensor.reshaped(to: [array.shape[0], 1]), featureNames: ["label"],
                                    dataType: array.dataType, targets: array.tensor, classNames: names), array.format + ", labels")
            }
            guard let n = array.shape.first, n > 0 else { throw CommandFailure("\(file): the array has no samples (shape \(array.shape))") }
            let sampleShape = Array(array.shape.dropFirst())
            let x = array.tensor.reshaped(to: [n, sampleShape.reduce(1, *)])
            let names = sampleShape.count <= 1 ? nil : (0..<x.shape[1]).map { positionName($0, in: sampleShape) }
            var summary = DataSummary(features: x, featureNames: names, dataType: array.dataType)
            summary.shape = array.shape
            return (summary, array.format)
        }

        /// "(y,x)" style index of a flat position in a sample of `shape`.
        private func positionName(_ index: Int, in shape: [Int]) -> String {
            var rest = index
            var parts: [Int] = []
            for extent in shape.reversed() {
                parts.append(rest % extent)
                rest /= extent
            }
            return "(" + parts.reversed().map(String.init).joined(separator: ",") + ")"
        }
    }
}
