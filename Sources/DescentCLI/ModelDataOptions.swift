import ArgumentParser
import Descent
import Foundation

/// `--model` and `--data` (or `--images`/`--labels`) of `descent evaluate` and `descent predict`:
/// a saved model and the data to run it on, matched to what the model was trained on
/// (`DataSchema`) and scaled by its saved preprocessing.
struct ModelDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A saved model folder, or a run folder (its model/).", valueName: "folder"))
    var model: String
    @Option(help: ArgumentHelp("A built-in dataset name (\(SyntheticData.names.joined(separator: ", "))) or a CSV file with a header.", valueName: "name-or-file"))
    var data: String?
    @Option(help: "For a CSV: the label column (evaluate needs it; predict ignores the column).")
    var label: String?
    @Option(help: ArgumentHelp("Images instead of --data: IDX (MNIST format) or NPY, optionally .gz.", valueName: "file"))
    var images: String?
    @Option(help: ArgumentHelp("With --images: their labels (IDX or NPY; evaluate needs them).", valueName: "file"))
    var labels: String?
    @Flag(help: "With --images: the array is NCHW [N, C, H, W] (PyTorch's layout); the default is NHWC.")
    var channelsFirst = false
    @Option(help: "For a built-in dataset: how many samples to generate.")
    var samples = 500
    @Option(help: "For a built-in dataset: the seed.")
    var seed: UInt64 = 0

    /// The model and the (scaled) dataset; `needsLabels` for evaluation.
    func load(needsLabels: Bool) throws -> (SavedModel, Dataset) {
        if images != nil {
            guard data == nil, label == nil else { throw CommandFailure("choose either --data (a CSV or built-in set) or --images, not both") }
            if needsLabels && labels == nil { throw CommandFailure("--images needs --labels FILE to evaluate against") }
        } else {
            if labels != nil || channelsFirst { throw CommandFailure("\(labels != nil ? "--labels" : "--channels-first") goes with --images FILE") }
            if data == nil { throw CommandFailure("give the data: --data NAME-OR-FILE.csv, or --images FILE (with --labels FILE)") }
        }
        let saved = try SavedModel.load(from: URL(fileURLWithPath: model))
        var dataset: Dataset
        if let images {
            dataset = try saved.dataset(images: images, labels: labels, layout: channelsFirst ? .channelsFirst : .channelsLast)
            guard dataset.count > 0 else { throw CommandFailure("--images '\(images)' holds no images") }
            return (saved, try saved.preprocessed(dataset))
        }
        let data = self.data!
        if SyntheticData.names.contains(data) {
            dataset = try SyntheticData.make(data, samples: samples, seed: seed)
        } else if FileManager.default.fileExists(atPath: data) {
            dataset = try saved.dataset(csv: data, label: label)
        } else {
            throw CommandFailure("--data '\(data)' is neither a built-in dataset (\(SyntheticData.names.joined(separator: ", "))) nor a file")
        }
        guard dataset.count > 0 else { throw CommandFailure("--data '\(data)' has no samples\(SyntheticData.names.contains(data) ? " (--samples \(samples) makes none)" : "")") }
        guard dataset.sampleShape == saved.inputShape else {
            throw CommandFailure("the model takes samples of shape \(saved.inputShape), --data '\(data)' has \(dataset.sampleShape)")
        }
        return (saved, try saved.preprocessed(dataset))
    }
}
