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
            """)

    @OptionGroup var input: ModelDataOptions
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingFailures {
            let (saved, data) = try input.load()
            let losses: [String: any Loss] = ["softmax_cross_entropy": SoftmaxCrossEntropy(), "binary_cross_entropy": BinaryCrossEntropy(), "mean_squared_error": MeanSquaredError()]
            let loss = losses[saved.lossName ?? ""] ?? (saved.classNames != nil ? SoftmaxCrossEntropy() : MeanSquaredError())
            let optimizer = Optimizer(SGD(), parameters: saved.model.parameters)
            let trainer = Trainer(model: saved.model, loss: loss, optimizer: optimizer, metrics: saved.metricNames.compactMap(Metric.init(rawValue:)))
            let results = trainer.evaluate(data.features, data.targets)
            let keys = results.keys.map(\.rawValue).sorted()
            if json {
                print("{" + keys.map { "\"\($0)\": \(results[MetricKey(rawValue: $0)]!)" }.joined(separator: ", ") + ", \"samples\": \(data.count)}")
            } else {
                print(keys.map { "\($0)=\(String(format: "%.4f", results[MetricKey(rawValue: $0)]!))" }.joined(separator: " ") + " samples=\(data.count)")
            }
        }
    }
}
