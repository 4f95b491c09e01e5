@testable import Descent
import Foundation
import Testing

@Suite struct SavedModelInferenceTests {
    let x = Tensor(shape: [4, 2], scalars: [0.5, -1, 2, 0.25, -0.75, 1.5, 1, 1])
    let y = Tensor([0, 2, 1, 2])

    func classifier(_ layers: [any Layer]? = nil, lossName: String? = nil) throws -> SavedModel {
        let model = Sequential(layers ?? [Dense(inputSize: 2, outputSize: 3, generator: RandomGenerator(seed: 5))])
        return try SavedModel(model: model, inputShape: [2], classNames: ["a", "b", "c"], lossName: lossName, metricNames: ["accuracy"])
    }

    @Test func evaluationUsesTheSavedLossOrTheClassifierDefault() throws {
        let saved = try classifier()
        let results = saved.evaluate(Dataset(features: x, targets: y))
        let expected = Double(SoftmaxCrossEntropy()(saved.model(x), y).scalars[0])
        #expect(abs(results[.loss]! - expected) < 1e-6)
        #expect(results[.accuracy] != nil)
        #expect(saved.trainingLoss is SoftmaxCrossEntropy)
        #expect(try classifier(lossName: "mean_squared_error").trainingLoss is MeanSquaredError)
        #expect(try SavedModel(model: Sequential([Dense(inputSize: 2, outputSize: 1)]), inputShape: [2]).trainingLoss is MeanSquaredError)
    }

    @Test func classifierPredictionsAreProbabilitiesWithTheLargestNamed() throws {
        let predictions = try classifier().predict(x)
        #expect(predictions.isClassifier && predictions.columns == ["a", "b", "c"] && predictions.count == 4)
        #expect(predictions.standardDeviations(ofRow: 0) == nil)
        for row in 0..<4 {
            let p = predictions.values(ofRow: row)
            #expect(abs(p.reduce(0, +) - 1) < 1e-5)
            #expect(predictions.predictedClass(ofRow: row) == ["a", "b", "c"][p.firstIndex(of: p.max()!)!])
        }
        let regression = try SavedModel(model: Sequential([Dense(inputSize: 2, outputSize: 2)]), inputShape: [2]).predict(x)
        #expect(!regression.isClassifier && regression.columns == ["output_0", "output_1"])
        #expect(regression.predictedClass(ofRow: 0) == nil)
    }

    @Test func monteCarloPredictionNeedsDropoutAndReportsDeviations() throws {
        #expect(throws: DescentError.self) { try classifier().predict(x, monteCarloSamples: 4) }
        let layers: [any Layer] = [Dense(inputSize: 2, outputSize: 8), Dropout(rate: 0.5, generator: RandomGenerator(seed: 1)),
                                   Dense(inputSize: 8, outputSize: 3)]
        let saved = try classifier(layers)
        #expect(saved.hasStochasticLayers)
        let predictions = try saved.predict(x, monteCarloSamples: 8)
        let deviations = try #require(predictions.standardDeviations(ofRow: 0))
        #expect(deviations.count == 3 && deviations.allSatisfy { $0 >= 0 } && deviations.contains { $0 > 0 })
        for row in 0..<x.shape[0] {   // the columns are class probabilities: the mean of softmax passes
            let probabilities = predictions.values(ofRow: row)
            #expect(probabilities.allSatisfy { $0 >= 0 && $0 <= 1 } && abs(probabilities.reduce(0, +) - 1) < 1e-5, "\(probabilities)")
        }
    }

    @Test func preprocessingIsTheSavedFitOrNothing() throws {
        let data = Dataset(features: x, targets: y)
        let fitted = Preprocessing.fit(.standardization, to: data)
        let node = try ConfigNode.parse(String(decoding: try JSONEncoder().encode(fitted), as: UTF8.self), file: "preprocessing")
        var saved = try classifier()
        #expect(try saved.preprocessed(data).features.scalars == x.scalars)
        saved.preprocessing = node
        #expect(try saved.preprocessed(data).features.scalars == fitted.apply(to: data).features.scalars)
        #expect(try saved.preprocessed(data).features.scalars != x.scalars)
        // Samples of another shape are refused, not transformed (per-channel scaling would trap).
        let wide = Dataset(features: Tensor.zeros([4, 3]), targets: y)
        #expect(throws: DescentError.invalidArgument(name: "data", value: "samples of shape [3]", expected: "samples of shape [2], which the model takes")) {
            try saved.preprocessed(wide)
        }
    }

    /// The training loss's options travel with the model, so evaluate measures the same loss.
    @Test func lossOptionsAreSavedWithTheModel() throws {
        var saved = try SavedModel(model: Sequential([Dense(inputSize: 2, outputSize: 3)]), inputShape: [2], classNames: ["a", "b", "c"],
                               lossName: "softmax_cross_entropy")
        saved.lossOptions = LossOptions(labelSmoothing: 0.1, classWeights: [1, 2, 1])
        let reread = try SavedModel.fromArchitecture(try saved.architecture(), file: "architecture.json")
        #expect(reread.lossOptions == saved.lossOptions)
        let loss = try #require(reread.trainingLoss as? SoftmaxCrossEntropy)
        #expect(loss.labelSmoothing == 0.1 && loss.classWeights == [1, 2, 1])
    }
}
