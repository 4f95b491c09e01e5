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
                print(try saved.model.summary(inputShape: saved.inputShape, names: saved.layerNames))
            } else {
                let setup = try ExperimentSetup(try Experiment(contentsOf: url))
                print(try setup.model.summary(inputShape: setup.inputShape, names: setup.layerNames))
            }
        }
    }
}
