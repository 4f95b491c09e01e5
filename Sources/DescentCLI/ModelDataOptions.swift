import ArgumentParser
import Descent
import Foundation

/// `--model` and `--data` of `descent evaluate` and `descent predict`: a saved model and the
/// data to run it on, scaled by the model's saved preprocessing.
struct ModelDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A saved model folder, or a run folder (its model/).", valueName: "folder"))
    var model: String
    @Option(help: ArgumentHelp("A built-in dataset name (\(SyntheticData.names.joined(separator: ", "))) or a CSV file with a header.", valueName: "name-or-file"))
    var data: String
    @Option(help: "For a CSV: the label column (evaluate needs it; predict ignores the column).")
    var label: String?
    @Option(help: "For a built-in dataset: how many samples to generate.")
    var samples = 500
    @Option(help: "For a built-in dataset: the seed.")
    var seed: UInt64 = 0

    /// The model and the (scaled) dataset.
    func load() throws -> (SavedModel, Dataset) {
        let saved = try SavedModel.load(from: URL(fileURLWithPath: model))
        var dataset: Dataset
        if SyntheticData.names.contains(data) {
            dataset = try SyntheticData.make(data, samples: samples, seed: seed)
        } else if FileManager.default.fileExists(atPath: data) {
            dataset = try saved.dataset(csv: data, label: label)
        } else {
            throw CommandFailure("--data '\(data)' is neither a built-in dataset (\(SyntheticData.names.joined(separator: ", "))) nor a file")
        }
        guard dataset.count > 0 else { throw CommandFailure("--data '\(data)' has no samples\(SyntheticData.names.contains(data) ? " (--samples \(samples) makes none)" : "")") }
        dataset = try saved.preprocessed(dataset)
        guard dataset.sampleShape == saved.inputShape else {
            throw CommandFailure("the model takes samples of shape \(saved.inputShape), --data '\(data)' has \(dataset.sampleShape)")
        }
        return (saved, dataset)
    }
}
