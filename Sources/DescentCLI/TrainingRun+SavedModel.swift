import Descent
import Foundation

extension TrainingRun {
    /// Saves the trained model of a flag run as `folder/model/` (architecture.json +
    /// weights.safetensors), with its input shape, class names, loss, metrics and the
    /// preprocessing of `--data`/`--images`, so that `descent evaluate/predict --model` and
    /// `descent summary` read the run folder as they read a config run's.
    func saveModel(_ prepared: Prepared, in folder: URL) throws {
        guard let model = prepared.trainer.model as? Sequential else { return }
        let statistics = folder.appendingPathComponent("preprocessing.json")
        let preprocessing = FileManager.default.fileExists(atPath: statistics.path) ? try ConfigNode.read(contentsOf: statistics) : nil
        let isClassification = prepared.data.classCount != nil
        let saved = SavedModel(model: model, inputShape: prepared.data.sampleShape, classNames: prepared.parts.train.classNames,
                               lossName: isClassification ? "softmax_cross_entropy" : "mean_squared_error",
                               metricNames: prepared.trainer.metrics.map(\.rawValue), preprocessing: preprocessing)
        try saved.save(to: folder.appendingPathComponent("model"))
    }
}
