@testable import Descent
import Foundation
import Testing

@Suite struct SavedModelTests {
    static func folder() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("descent-model-\(UUID().uuidString)") }

    @Test func saveThenLoadGivesIdenticalPredictions() throws {
        let generators = LayerGenerators(seed: 9)
        let model = Sequential {
            Dense(inputSize: 3, outputSize: 8, activation: .tanh, generator: generators.weights)
            BatchNorm(featureCount: 8)
            Dropout(rate: 0.5, generator: generators.noise)
            PReLU(channelCount: 8)
            Dense(inputSize: 8, outputSize: 2, generator: generators.weights)
        }
        _ = model(Tensor.randomNormal([16, 3], generator: RandomGenerator(seed: 1)))  // moves the running statistics
        model.eval()
        let x = Tensor.randomNormal([5, 3], generator: RandomGenerator(seed: 2))
        let expected = model(x)
        let url = Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        try SavedModel(model: model, inputShape: [3], layerNames: [nil, "norm"], classNames: ["no", "yes"], lossName: "softmax_cross_entropy", metricNames: ["accuracy"]).save(to: url)
        let loaded = try SavedModel.load(from: url)
        loaded.model.eval()
        #expect(loaded.model(x).scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern))
        #expect(loaded.classNames == ["no", "yes"] && loaded.layerNames == [nil, "norm", nil, nil, nil] && loaded.lossName == "softmax_cross_entropy")
        #expect(loaded.model.layers.map(\.summaryName) == model.layers.map(\.summaryName))
    }

    @Test func weightsThatDoNotFitAreRefusedNamingTheFile() throws {
        let url = Self.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        try SavedModel(model: Sequential { Dense(inputSize: 2, outputSize: 3) }, inputShape: [2]).save(to: url)
        let weights = url.appendingPathComponent("weights.safetensors")
        try SafeTensors(tensors: ["0.weight": .zeros([2, 4]), "0.bias": .zeros([3])]).write(to: weights)
        #expect(throws: DescentError.file(path: weights.path, problem: "tensor '0.weight' has shape [2, 4] but the model needs [2, 3]")) {
            try SavedModel.load(from: url)
        }
        var bytes = try Data(contentsOf: weights)
        bytes.removeLast(3)
        try bytes.write(to: weights)
        #expect { try SavedModel.load(from: url) } throws: { "\($0)".contains("\(weights.path): truncated") }
    }

    @Test func frozenLayersGetNoGradientNoUpdateAndBatchNormUsesRunningStatistics() throws {
        let body = Dense(inputSize: 2, outputSize: 4, generator: RandomGenerator(seed: 1))
        let norm = BatchNorm(featureCount: 4)
        let head = Dense(inputSize: 4, outputSize: 1, generator: RandomGenerator(seed: 2))
        let model = Sequential([body, norm, head])
        model.freeze(through: 1)
        #expect(body.isFrozen && norm.isFrozen && !head.isFrozen)
        #expect(!norm.runningMean.isTrainable && model.trainableParameterCount == 5)
        let before = model.weightTensors
        let optimizer = Optimizer(SGD(), parameters: model.parameters, learningRate: 0.1, weightDecay: .decoupled(0.5))
        model.train()
        let x = Tensor([[1, 2], [3, -1], [0.5, 0.5]])
        MeanSquaredError()(model(x), Tensor([[1], [0], [1]])).backward()
        #expect(body.weight.gradient == nil && norm.gamma.gradient == nil && head.weight.gradient != nil)
        optimizer.update()
        for path in ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var"] {
            #expect(model.weightTensors[path]!.scalars == before[path]!.scalars, "\(path) changed")
        }
        #expect(model.weightTensors["2.weight"]!.scalars != before["2.weight"]!.scalars)
        model.unfreeze(from: 1)
        #expect(norm.gamma.isTrainable && !norm.runningMean.isTrainable && !norm.isFrozen && body.isFrozen)
    }
}
