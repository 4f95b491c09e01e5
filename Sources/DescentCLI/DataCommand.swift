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
        @Option(parsing: .unconditional, help: "Rows of per-feature statistics printed before eliding (all with --json).")
        var maxFeatures = 40
        @Flag(help: "Print the summary as JSON.")
        var json = false

        func run() throws {
            try reportingFailures {
                guard maxFeatures >= 0 else { throw CommandFailure("--max-features \(maxFeatures) must be at least 0") }
                let (summary, format) = try summarize()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                    print(String(decoding: try encoder.encode(summary), as: UTF8.self))
                } else {
                    print(summary.text(file: file, format: format, maxFeatures: maxFeatures, elisionHint: "--json lists all"))
                }
            }
        }

        private func summarize() throws -> (DataSummary, String) {
            if file.lowercased().hasSuffix(".csv") {
                let table = try CSVTable.read(file, keepingText: Set(label.map { [$0] } ?? []))
                do {
                    return (try DataSummary(table: table, label: label), "CSV")
                } catch let error as DescentError where label == nil {
                    throw CommandFailure("\(error); if that is the label column, pass --label NAME")
                }
            }
            guard label == nil else { throw CommandFailure("--label applies to CSV files only; \(file) is not a .csv") }
            let array = try ArrayFile.read(file)
            let format = DataSummary.readsAsLabels(array) ? array.format + ", labels" : array.format
            return (try DataSummary(array: array, path: file), format)
        }
    }
}
