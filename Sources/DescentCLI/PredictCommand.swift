import ArgumentParser
import Descent
import Foundation

/// `descent predict --model … --data …`: model outputs as CSV or JSON.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a saved model on data and print its predictions (CSV, or JSON with --json).",
        discussion: """
            For classifiers, each row has the predicted class (its name when the model knows
            the class names) and the softmax probabilities; for regression, the outputs. With
            --mc-samples T, dropout stays on for T passes (Monte Carlo dropout) and each output
            gets its mean and standard deviation. With --logits a classifier prints its raw
            outputs instead of probabilities; with --json too, each row is
            {"prediction": CLASS, "logits": [...]}, for comparing with another framework.

            Examples:
              descent predict --model runs/spirals/model --data spirals --samples 5
              descent predict --model runs/iris --data new.csv --json
              descent predict --model runs/mnist --images t10k-images-idx3-ubyte.gz --json
              descent predict --model runs/spirals --data spirals --samples 5 --mc-samples 50
              descent predict --model zoo/mobilenet_v2 --images batch.npy --channels-first --logits --json
            """)

    @OptionGroup var input: ModelDataOptions
    @Flag(help: "Print a JSON array, one object per sample.")
    var json = false
    @Option(help: "Monte Carlo dropout: average this many stochastic passes and report their standard deviation.")
    var mcSamples: Int?
    @Flag(help: "Print a classifier's raw outputs (logits) instead of softmax probabilities.")
    var logits = false

    func run() throws {
        try reportingFailures {
            let (saved, data) = try input.load(needsLabels: false)
            if let mcSamples {
                guard mcSamples >= 1 else { throw CommandFailure("--mc-samples \(mcSamples) must be at least 1") }
                guard saved.hasStochasticLayers else { throw CommandFailure("--mc-samples needs a model with dropout; this one has none") }
            }
            if logits && mcSamples != nil { throw CommandFailure("--logits and --mc-samples cannot be combined: Monte Carlo dropout averages probabilities") }
            let predictions = try saved.predict(data.features, monteCarloSamples: mcSamples, logits: logits)
            if logits && json {
                print("[" + (0..<data.count).map { row in
                    let prediction = predictions.predictedClass(ofRow: row).map { "\"prediction\": \(SafeTensors.quotedJSON($0)), " } ?? ""
                    return "{" + prediction + "\"logits\": [" + predictions.values(ofRow: row).map { "\($0)" }.joined(separator: ", ") + "]}"
                }.joined(separator: ",\n ") + "]")
                return
            }
            let columns = predictions.columns
            let rows: [[(String, String)]] = (0..<data.count).map { row in
                let prediction = predictions.predictedClass(ofRow: row).map { [("prediction", $0)] } ?? []
                let values = zip(columns, predictions.values(ofRow: row)).map { ($0, "\($1)") }
                let deviations = predictions.standardDeviations(ofRow: row).map { zip(columns, $0).map { ("\($0)_std", "\($1)") } } ?? []
                return prediction + values + deviations
            }
            if json {
                print("[" + rows.map { "{" + $0.map { key, value in "\(SafeTensors.quotedJSON(key)): \(Float(value) != nil && key != "prediction" ? value : SafeTensors.quotedJSON(value))" }.joined(separator: ", ") + "}" }.joined(separator: ",\n ") + "]")
            } else {
                print((rows.first ?? []).map(\.0).joined(separator: ","))
                for row in rows { print(row.map(\.1).joined(separator: ",")) }
            }
        }
    }
}
