import Foundation

/// Running a saved model on new data: its preprocessing, its loss and metrics, its outputs.
///
///     let saved = try SavedModel.load(from: URL(fileURLWithPath: "runs/iris"))
///     let data = try saved.preprocessed(Dataset.csv("new.csv", label: "species"))
///     print(saved.evaluate(data)[.loss]!)
extension SavedModel {
    /// The loss the model was trained with (by `lossName`); without a known name, softmax
    /// cross-entropy for a classifier and mean squared error otherwise.
    public var trainingLoss: any Loss {
        lossName.flatMap { try? LossRegistry.make(name: $0, options: lossOptions) } ?? (classNames != nil ? SoftmaxCrossEntropy() as any Loss : MeanSquaredError())
    }

    /// Whether a top-level layer is a `StochasticLayer` (dropout, noise), which Monte Carlo
    /// prediction needs.
    public var hasStochasticLayers: Bool { model.layers.contains { $0 is any StochasticLayer } }

    /// `data` scaled by the saved preprocessing fitted on the training split; unchanged without one.
    /// Throws `DescentError.invalidArgument` when the samples' shape is not the model's.
    public func preprocessed(_ data: Dataset) throws -> Dataset {
        guard data.sampleShape == inputShape else {
            throw DescentError.invalidArgument(name: "data", value: "samples of shape \(data.sampleShape)", expected: "samples of shape \(inputShape), which the model takes")
        }
        guard let preprocessing else { return data }
        let fitted = try JSONDecoder().decode(Preprocessing.self, from: Data(preprocessing.jsonText.utf8))
        return fitted.apply(to: data)
    }

    /// The training loss and the saved metrics on `data` (already preprocessed), in evaluation mode.
    public func evaluate(_ data: Dataset) -> [MetricKey: Double] {
        trainer(loss: trainingLoss).evaluate(data.features, data.targets)
    }

    /// The model's predictions for `features` (already preprocessed): softmax probabilities
    /// for a classifier, the outputs otherwise; with `monteCarloSamples` T, the mean and
    /// standard deviation of T passes with dropout on, of the probabilities for a classifier
    /// (the predictive distribution, Gal & Ghahramani 2016), of the outputs otherwise. With
    /// `logits`, a classifier's raw outputs instead of probabilities (to compare with another
    /// framework's). Throws `DescentError.invalidArgument` for T < 1 or a model without
    /// stochastic layers.
    public func predict(_ features: Tensor, monteCarloSamples: Int? = nil, logits: Bool = false) throws -> Predictions {
        let trainer = trainer(loss: MeanSquaredError())
        let outputs = trainer.predict(features)
        let isClassifier = classNames != nil && outputs.shape.last ?? 1 > 1
        let probabilities = { (outputs: Tensor) in isClassifier && !logits ? outputs.softmax(alongAxis: -1) : outputs }
        var values = probabilities(outputs)
        var deviations: Tensor?
        if let monteCarloSamples {
            guard hasStochasticLayers else {
                throw DescentError.invalidArgument(name: "monteCarloSamples", value: "\(monteCarloSamples)", expected: "a model with dropout")
            }
            (values, deviations) = try trainer.predict(features, monteCarloSamples: monteCarloSamples, transform: probabilities)
        }
        let columns = (0..<(values.shape.last ?? 1)).map { index in
            classNames.flatMap { index < $0.count ? $0[index] : nil } ?? "output_\(index)"
        }
        return Predictions(columns: columns, values: values, standardDeviations: deviations, isClassifier: isClassifier)
    }

    private func trainer(loss: any Loss) -> Trainer {
        Trainer(model: model, loss: loss, optimizer: Optimizer(SGD(), parameters: model.parameters),
                metrics: metricNames.compactMap(Metric.init(rawValue:)))
    }
}
