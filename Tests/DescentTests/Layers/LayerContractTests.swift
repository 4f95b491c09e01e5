@testable import Descent
import Foundation
import Testing

/// Contracts every registered layer keeps, run over `LayerCase.all`: its backward pass agrees
/// with finite differences, its parameter paths are unique, its config and its weights
/// round-trip, and training mode changes its output only as its kind allows.
@Suite struct LayerContractTests {
    /// A layer registered without a case here fails, so new layers join the contracts.
    @Test func everyRegisteredLayerTypeHasACase() {
        let covered = Set(LayerCase.all.map(\.typeName))
        let missing = LayerRegistry.types.map { $0.typeName }.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "registered layer types without a LayerCase: \(missing)")
    }

    @Test(arguments: LayerCase.all)
    func gradientsMatchFiniteDifferences(_ layerCase: LayerCase) {
        let layer = layerCase.make(RandomGenerator(seed: 1))
        let x = Parameter(layerCase.input(seed: 2))
        let trainable = layer.parameters.filter(\.parameter.isTrainable).map { ($0.path, $0.parameter) }
        expectGradientsMatch([("input", x)] + trainable, step: layerCase.step) {
            // Stochastic layers: the same noise in every evaluation.
            (layer as? any RandomGeneratorOwner)?.generator = RandomGenerator(seed: 11)
            return layer(x.tracked)
        }
    }

    @Test(arguments: LayerCase.all)
    func parameterPathsAreUniqueAndBuffersAreUntrainedParameters(_ layerCase: LayerCase) {
        let layer = layerCase.make(RandomGenerator(seed: 1))
        let paths = layer.parameters.map(\.path)
        #expect(Set(paths).count == paths.count, "duplicate paths in \(paths)")
        #expect(Set(layer.parameters.map { ObjectIdentifier($0.parameter) }).count == paths.count, "a parameter is listed twice")
        let parameters = Set(layer.namedParameters.map { ObjectIdentifier($0.1) })
        for (name, buffer) in layer.namedBuffers {
            #expect(parameters.contains(ObjectIdentifier(buffer)), "buffer \(name) is not among namedParameters")
            #expect(!buffer.isTrainable, "buffer \(name) is trainable")
        }
        #expect(layer.learnableParameters.count == layer.namedParameters.count - layer.namedBuffers.count)
    }

    /// `configOptions` → JSON text → the registry's `make` gives a layer with the same options,
    /// parameter shapes and output shape.
    @Test(arguments: LayerCase.all)
    func configRoundTrips(_ layerCase: LayerCase) throws {
        let layer = layerCase.make(RandomGenerator(seed: 1))
        let typeName = type(of: layer).typeName
        let written = ConfigNode.object([("type", typeName.configNode)] + layer.configOptions)
        let type = try #require(LayerRegistry.type(named: typeName))
        let config = try ConfigObject(try ConfigNode.parse(written.jsonText, file: "contract.json"), file: "contract.json")
        _ = try config.required("type", String.self)
        let rebuilt = try type.make(config: config, inputShape: layerCase.inputShape, generators: LayerGenerators(seed: 3))
        try config.rejectUnknownKeys()
        #expect(ConfigNode.object(rebuilt.configOptions).jsonText == ConfigNode.object(layer.configOptions).jsonText)
        #expect(rebuilt.parameters.map(\.path) == layer.parameters.map(\.path))
        #expect(rebuilt.parameters.map(\.parameter.value.shape) == layer.parameters.map(\.parameter.value.shape))
        let shape = try layer.outputShape(forInput: layerCase.inputShape)
        #expect(try rebuilt.outputShape(forInput: layerCase.inputShape) == shape)
        layer.eval()
        #expect(layer(layerCase.input(seed: 2)).shape == [layerCase.batch] + shape)
    }

    /// Save (after moving every parameter off its initial value), load into a layer built from
    /// another seed: the same outputs in inference, bit for bit.
    @Test(arguments: LayerCase.all)
    func weightsRoundTripThroughSafeTensors(_ layerCase: LayerCase) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-contract-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let original = layerCase.make(RandomGenerator(seed: 1))
        let shift = RandomGenerator(seed: 4)
        for (_, parameter) in original.parameters {
            parameter.value = parameter.value + Tensor.randomUniform(parameter.value.shape, low: 0.05, high: 0.25, generator: shift)
        }
        try SafeTensors(tensors: original.weightTensors).write(to: url)
        let loaded = layerCase.make(RandomGenerator(seed: 2))
        original.eval()
        loaded.eval()
        let x = layerCase.input(seed: 3)
        if !original.parameters.isEmpty {
            #expect(Self.bits(loaded(x)) != Self.bits(original(x)), "the check below would hold without loading")
        }
        try loaded.loadWeights(SafeTensors(contentsOf: url).tensors, source: url.path)
        #expect(Self.bits(loaded(x)) == Self.bits(original(x)))
    }

    @Test(arguments: LayerCase.all)
    func trainingModeChangesOnlyWhatItsKindAllows(_ layerCase: LayerCase) {
        let layer = layerCase.make(RandomGenerator(seed: 1))
        let x = layerCase.input(seed: 2)
        layer.eval()
        let inference = layer(x)
        #expect(Self.bits(layer(x)) == Self.bits(inference), "inference is not deterministic")
        layer.train()
        switch layerCase.behaviour {
        case .deterministic:
            #expect(Self.bits(layer(x)) == Self.bits(inference))
        case .batchStatistics:
            #expect(Self.bits(layer(x)) != Self.bits(inference), "training should normalize with the batch statistics")
        case .noise(let expected):
            expectClose(inference.scalars, expected(x).scalars)
            Self.expectNoise(layer, x, inference: inference)
        }
    }

    /// Training draws from the layer's generator: fresh noise each call, the same noise from
    /// the same generator state; inference draws nothing.
    static func expectNoise(_ layer: any Layer, _ x: Tensor, inference: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let owner = layer as? any RandomGeneratorOwner else {
            Issue.record("\(layer.summaryName) makes noise but owns no generator", sourceLocation: sourceLocation)
            return
        }
        owner.generator = RandomGenerator(seed: 5)
        let first = bits(layer(x)), second = bits(layer(x))
        #expect(first != bits(inference), "no noise in training", sourceLocation: sourceLocation)
        #expect(first != second, "the same noise twice", sourceLocation: sourceLocation)
        owner.generator = RandomGenerator(seed: 5)
        #expect(bits(layer(x)) == first, "another draw from the same generator state", sourceLocation: sourceLocation)

        layer.eval()
        let position = owner.generator.state
        _ = layer(x)
        #expect(owner.generator.state == position, "inference drew random numbers", sourceLocation: sourceLocation)
        if let stochastic = layer as? any StochasticLayer {
            stochastic.isActiveInInference = true
            #expect(bits(layer(x)) != bits(inference), "isActiveInInference draws no noise", sourceLocation: sourceLocation)
        }
    }

    static func bits(_ tensor: Tensor) -> [UInt32] { tensor.scalars.map(\.bitPattern) }
}
