import Foundation

/// Writes a run's scalars and histograms as a TensorBoard event file, so that
/// `tensorboard --logdir runs` shows Descent runs beside PyTorch and Keras ones.
///
/// After each epoch (the step is the epoch number, as Keras' `TensorBoard` callback does):
///
///     scalars     every key of the epoch report: loss, accuracy, val_loss, lr, …
///     histograms  weights/<path>    every parameter's values, every `histogramFrequency` epochs
///                 gradients/<path>  every parameter's ∂L/∂θ from the epoch's last batch
///
/// Gradients are read in `gradientsDidCompute`, after `backward()` and before the update.
///
/// ```swift
/// let tensorBoard = try TensorBoardLogger(folder: URL(fileURLWithPath: "runs/adam"))
/// try trainer.fit(x, y, epochs: 20, callbacks: [tensorBoard])
/// ```
public final class TensorBoardLogger: Callback {
    public let writer: EventFileWriter
    /// Histograms every this many epochs; 0 for scalars only.
    public let histogramFrequency: Int
    private var lastGradients: [(path: String, values: [Float])] = []

    public init(folder: URL, histogramFrequency: Int = 1) throws {
        precondition(histogramFrequency >= 0, "TensorBoardLogger: histogramFrequency must be ≥ 0")
        writer = try EventFileWriter(folder: folder)
        self.histogramFrequency = histogramFrequency
    }

    private func wantsHistograms(_ epoch: Int) -> Bool { histogramFrequency > 0 && epoch % histogramFrequency == 0 }

    public func gradientsDidCompute(_ batch: Int, _ context: TrainingContext) {
        guard batch == context.stepsPerEpoch - 1, wantsHistograms(context.epoch) else { return }
        lastGradients = context.model.parameters.compactMap { entry in
            entry.parameter.gradient.map { (entry.path, $0.scalars) }
        }
    }

    public func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        for key in History.columnOrder(Set(report.metrics.keys)) {
            writer.addScalar(Float(report.metrics[key]!), tag: key.rawValue, step: report.epoch)
        }
        if wantsHistograms(report.epoch) {
            for (path, parameter) in context.model.parameters {
                writer.addHistogram(parameter.value.scalars, tag: "weights/\(path)", step: report.epoch)
            }
            for (path, values) in lastGradients {
                writer.addHistogram(values, tag: "gradients/\(path)", step: report.epoch)
            }
            lastGradients = []
        }
        do {
            try writer.flush()
        } catch {
            context.stop(StopReason(.writeFailed, "TensorBoardLogger: \(error)"))
        }
    }
}
