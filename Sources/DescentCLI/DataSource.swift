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

    /// The dataset from the files; for an MLP, images are flattened to vectors.
    func load() throws -> Dataset {
        if let csv, let labelColumn { return try Dataset.csv(csv, label: labelColumn) }
        var data = try Dataset.images(images ?? "", labels: labels ?? "", layout: layout)
        if model == "mlp" { data.features = data.features.reshaped(to: [data.count, data.sampleShape.reduce(1, *)]) }
        return data
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

    /// The small CNN for `--model cnn`, or nil for `--model mlp` (whose features `load` flattened).
    func makeConvolutionalModel(sampleShape: [Int], outputs: Int, hidden: [Int], seed: UInt64) throws -> Sequential? {
        guard model == "cnn" else { return nil }
        guard sampleShape.count == 3 else {
            throw CommandFailure("--model cnn needs images [H, W, C]; the samples have shape \(sampleShape)")
        }
        do {
            return try Sequential.convolutionalNetwork(inputShape: sampleShape, filters: filters, hidden: hidden[0],
                                                       outputSize: outputs, generator: RandomGenerator(seed: seed))
        } catch let error as DescentError {
            throw CommandFailure("--filters \(filters.map(String.init).joined(separator: ",")) pools \(sampleShape) images too often (\(error))")
        }
    }
}
