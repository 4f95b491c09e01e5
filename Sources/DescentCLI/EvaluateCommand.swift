import ArgumentParser
import Descent
import Foundation

/// `descent evaluate --model RUN/model --data …`: loss and metrics of a saved model.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a saved model on data: its training loss and metrics.",
        discussion: """
            Applies the model's saved preprocessing, then reports loss and metrics as
            key=value, or one JSON object with --json.

            Examples:
              descent evaluate --model runs/spirals/model --data spirals --samples 1000 --seed 7
              descent evaluate --model runs/iris --data iris.csv --label species --json
              descent evaluate --model runs/mnist --images t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz
            """)

    @OptionGroup var input: ModelDataOptions
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingFailures {
            let (saved, data) = try input.load(needsLabels: true)
            let results = saved.evaluate(data)
            let keys = results.keys.map(\.rawValue).sorted()
            if json {
                print("{" + keys.map { "\"\($0)\": \(results[MetricKey(rawValue: $0)]!)" }.joined(separator: ", ") + ", \"samples\": \(data.count)}")
            } else {
                print(keys.map { "\($0)=\(String(format: "%.4f", results[MetricKey(rawValue: $0)]!))" }.joined(separator: " ") + " samples=\(data.count)")
            }
        }
    }
}
