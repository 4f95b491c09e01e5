import ArgumentParser
import Descent
import Foundation

/// `descent summary MODEL_OR_CONFIG`: Keras' `model.summary()` table.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a model's layers, output shapes and parameter counts (trainable or frozen).",
        discussion: """
            MODEL_OR_CONFIG is a saved model folder (architecture.json + weights.safetensors), a
            run folder (its model/), or an experiment config (the model it would build, with
            the input shape taken from its data).

            Examples:
              descent summary runs/spirals/model
              descent summary examples/transfer-head.yaml
            """)

    @Argument(help: ArgumentHelp("A model folder, run folder or experiment config.", valueName: "model-or-config"))
    var source: String

    func run() throws {
        try reportingFailures {
            let url = URL(fileURLWithPath: source)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw CommandFailure("no such file or folder '\(source)'")
            }
            if isFolder.boolValue {
                let saved = try SavedModel.load(from: url)
                print(try Self.table(saved.model, inputShape: saved.inputShape, names: saved.layerNames))
            } else {
                let setup = try ExperimentSetup(try Experiment(contentsOf: url))
                print(try Self.table(setup.model, inputShape: setup.inputShape, names: setup.layerNames))
            }
        }
    }

    /// The table: one row per layer, then the totals.
    static func table(_ model: Sequential, inputShape: [Int], names: [String?]) throws -> String {
        var rows: [[String]] = [["#", "Layer", "Output shape", "Params", "Status"]]
        var shape = inputShape
        for (index, layer) in model.layers.enumerated() {
            shape = try layer.outputShape(forInput: shape)
            let name = index < names.count ? names[index].map { " \"\($0)\"" } ?? "" : ""
            let status = layer.parameterCount == 0 ? "" : layer.isFrozen ? "frozen" : "trainable"
            rows.append([String(index), layer.summaryName + name, "(None, " + shape.map(String.init).joined(separator: ", ") + ")",
                         String(layer.parameterCount), status])
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max()! }
        let lines = rows.map { row in row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
        let rule = String(repeating: "─", count: lines[0].count)
        let trainable = model.trainableParameterCount, total = model.parameterCount
        return ([lines[0], rule] + lines.dropFirst() + [rule,
                "Input shape: (None, \(inputShape.map(String.init).joined(separator: ", ")))",
                "Total params: \(total)", "Trainable params: \(trainable)", "Non-trainable params: \(total - trainable) (frozen weights and running statistics)"])
            .joined(separator: "\n")
    }
}
