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
            gets its mean and standard deviation.

            Examples:
              descent predict --model runs/spirals/model --data spirals --samples 5
              descent predict --model runs/iris --data new.csv --json
              descent predict --model runs/spirals --data spirals --samples 5 --mc-samples 50
            """)

    @OptionGroup var input: ModelDataOptions
    @Flag(help: "Print a JSON array, one object per sample.")
    var json = false
    @Option(help: "Monte Carlo dropout: average this many stochastic passes and report their standard deviation.")
    var mcSamples: Int?

    func run() throws {
        try reportingFailures {
            let (saved, data) = try input.load()
            let trainer = Trainer(model: saved.model, loss: MeanSquaredError(), optimizer: Optimizer(SGD(), parameters: saved.model.parameters))
            var outputs = trainer.predict(data.features)
            var deviations: Tensor?
            if let mcSamples {
                guard mcSamples >= 1 else { throw CommandFailure("--mc-samples \(mcSamples) must be at least 1") }
                guard saved.model.layers.contains(where: { $0 is any StochasticLayer }) else { throw CommandFailure("--mc-samples needs a model with dropout; this one has none") }
                (outputs, deviations) = try trainer.predict(data.features, monteCarloSamples: mcSamples)
            }
            let isClassifier = saved.classNames != nil && outputs.shape.last ?? 1 > 1
            let values = isClassifier && mcSamples == nil ? outputs.softmax(alongAxis: -1) : outputs
            let width = values.shape.last ?? 1
            let columns = (0..<width).map { index in
                saved.classNames.flatMap { index < $0.count ? $0[index] : nil } ?? "output_\(index)"
            }
            var rows: [[(String, String)]] = []
            for row in 0..<data.count {
                let slice = Array(values.scalars[(row * width)..<((row + 1) * width)])
                var cells: [(String, String)] = []
                if isClassifier {
                    let best = slice.indices.max { slice[$0] < slice[$1] }!
                    cells.append(("prediction", columns[best]))
                }
                cells += zip(columns, slice).map { ($0.0, "\($0.1)") }
                if let deviations { cells += columns.indices.map { ("\(columns[$0])_std", "\(deviations.scalars[row * width + $0])") } }
                rows.append(cells)
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
