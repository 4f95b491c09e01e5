import Descent
import Foundation

/// Training data from files and the model for it, as `descent train` resolved them; saved in
/// `config.json`. Preprocessing is fitted on the training split and written to
/// `preprocessing.json` in the run folder.
struct DataSource: Codable, Equatable {
    var csv: String?
    var labelColumn: String?
    var images: String?
    var labels: String?
    var layout: ImageLayout
    var model: String
    var filters: [Int]
    var scaling: Preprocessing.Method

    /// The dataset from the files.
    func load() throws -> Dataset {
        if let csv, let labelColumn { return try Dataset.csv(csv, label: labelColumn) }
        return try Dataset.images(images ?? "", labels: labels ?? "", layout: layout)
    }

    /// The splits scaled by preprocessing fitted on the training split, which is saved in `folder`.
    func preprocess(_ parts: (train: Dataset, validation: Dataset, test: Dataset), savingIn folder: URL) throws
        -> (train: Dataset, validation: Dataset, test: Dataset) {
        let preprocessing = Preprocessing.fit(scaling, to: parts.train)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(preprocessing), to: folder.appendingPathComponent("preprocessing.json"))
        return (preprocessing.apply(to: parts.train), preprocessing.apply(to: parts.validation), preprocessing.apply(to: parts.test))
    }

    /// An MLP (flattening images first) or the small CNN, for samples of `sampleShape`.
    func makeModel(sampleShape: [Int], outputs: Int, settings: TrainingSettings) throws -> Sequential {
        let generator = RandomGenerator(seed: settings.seed &+ 1)
        if model == "cnn" {
            guard sampleShape.count == 3 else {
                throw CommandFailure("--model cnn needs images [H, W, C]; the samples have shape \(sampleShape)")
            }
            do {
                return try Sequential.convolutionalNetwork(inputShape: sampleShape, filters: filters, hidden: settings.hidden[0],
                                                           outputSize: outputs, generator: generator)
            } catch let error as DescentError {
                throw CommandFailure("--filters \(filters.map(String.init).joined(separator: ",")) pools \(sampleShape) images too often (\(error))")
            }
        }
        let mlp = Sequential.multilayerPerceptron(
            inputSize: sampleShape.reduce(1, *), hidden: settings.hidden, outputSize: outputs,
            activation: Activation(rawValue: settings.activation) ?? .relu, generator: generator)
        return sampleShape.count > 1 ? Sequential([Flatten()] + mlp.layers) : mlp
    }
}
