@testable import Descent
import Foundation
import Testing

@Suite struct ConfigTests {
    static let yaml = """
        model:
          - {type: dense, units: 8, activation: relu}
          - type: dropout
            rate: 1.5
          - {type: dense, units: sixty}
        """

    func error(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func wrongTypesNameTheKeyPathAndTheLine() throws {
        let node = try ConfigNode.parse(Self.yaml, file: "x.yaml")
        let spec = ModelSpec(inputShape: [2], layers: try ConfigObject(node, file: "x.yaml").array("model") ?? [])
        #expect(error { _ = try spec.build(generators: LayerGenerators(seed: 0), file: "x.yaml") }
                == "x.yaml:4: model[1].rate: expected a rate in [0, 1), got 1.5")
        var fixed = spec
        fixed.layers.remove(at: 1)
        #expect(error { _ = try fixed.build(generators: LayerGenerators(seed: 0), file: "x.yaml") }
                == "x.yaml:5: model[1].units: expected an integer, got the string \"sixty\"")
    }

    @Test func unknownKeysAndTypesAreRejected() throws {
        let node = try ConfigNode.parse("- {type: dense, units: 4, activaton: relu}\n- {type: densse}", file: "m.yaml")
        guard case .array(let layers) = node.value else { Issue.record("not a list"); return }
        let typo = ModelSpec(inputShape: [3], layers: [layers[0]])
        #expect(error { _ = try typo.build(generators: LayerGenerators(seed: 0), file: "m.yaml") }.hasPrefix("m.yaml:1: model[0].activaton: unknown key; model[0] accepts "))
        let unknown = ModelSpec(inputShape: [3], layers: [layers[1]])
        #expect(error { _ = try unknown.build(generators: LayerGenerators(seed: 0), file: "m.yaml") }.hasPrefix("m.yaml:2: model[0].type: unknown layer type 'densse'; choose "))
        #expect(error { _ = try ConfigNode.parse("a: [1, 2", file: "bad.yaml") }.hasPrefix("bad.yaml:"))
    }

    @Test func jsonErrorsCarryLinesToo() throws {
        let node = try ConfigNode.parse("{\n  \"epochs\": 3,\n  \"rate\": \"high\"\n}", file: "e.json")
        let root = try ConfigObject(node, file: "e.json")
        #expect(try root.value("epochs", default: 0) == 3)
        #expect(error { _ = try root.value("rate", default: Float(0)) } == "e.json:3: rate: expected a number, got the string \"high\"")
    }

    @Test func resolvedLayersReadBackToTheSameModel() throws {
        let layers = try ConfigNode.parse("""
            - {type: dense, units: 6, activation: leaky_relu(0.2), weight_regularizer: {l2: 0.01}}
            - {type: batch_norm, convention: keras}
            - {type: prelu, per_channel: true}
            - {type: dropout, rate: 0.25, scaling: classic}
            - {type: dense, units: 2, use_bias: false, name: head}
            """, file: "m.yaml")
        guard case .array(let entries) = layers.value else { Issue.record("not a list"); return }
        let spec = ModelSpec(inputShape: [4], layers: entries)
        let resolved = ModelSpec(inputShape: [4], layers: try spec.resolvedLayers(file: "m.yaml"))
        let a = try spec.build(generators: LayerGenerators(seed: 3)), b = try resolved.build(generators: LayerGenerators(seed: 3))
        #expect(a.layers.map(\.summaryName) == b.layers.map(\.summaryName))
        #expect(a.weightTensors.mapValues(\.scalars) == b.weightTensors.mapValues(\.scalars))
        let norm = try #require(b.layers[1] as? BatchNorm)
        #expect(abs(norm.momentum - 0.01) < 1e-7 && norm.epsilon == 1e-3 && !norm.usesUnbiasedRunningVariance)
        #expect(resolved.names == [nil, nil, nil, nil, "head"])
        #expect(try spec.layerIndex(ConfigNode(.string("head")), file: "m.yaml", key: "k") == 4)
        #expect(try spec.layerIndex(ConfigNode(.int(-2)), file: "m.yaml", key: "k") == 3)
        // The YAML text reads back to the same entries.
        let text = ConfigNode(.array(try spec.resolvedLayers(file: "m.yaml"))).yamlText
        let reread = try ConfigNode.parse(text, file: "r.yaml")
        #expect(ConfigNode(.array(try spec.resolvedLayers(file: "m.yaml"))).jsonText == reread.jsonText)
    }

    @Test func activationLayersTakeRelu6() throws {
        let node = try ConfigNode.parse("- {type: activation, activation: relu6}", file: "a.yaml")
        guard case .array(let entries) = node.value else { Issue.record("not a list"); return }
        let model = try ModelSpec(inputShape: [3], layers: entries).build(generators: LayerGenerators(seed: 0), file: "a.yaml")
        let layer = try #require(model.layers.first as? ActivationLayer)
        #expect(layer.activation == .relu6 && layer.summaryName == "Relu6")
        #expect(ConfigNode.object(layer.configOptions).jsonText == ConfigNode.object([("activation", "relu6".configNode)]).jsonText)
        #expect(model(Tensor([[-2, 4, 9]])).scalars == [0, 4, 6])
    }

    @Test func adaptivePoolingTakesOneSizeOrAPair() throws {
        let node = try ConfigNode.parse("""
            - {type: adaptive_avg_pool_2d, output_size: 7}
            - {type: adaptive_avg_pool_2d, output_size: [2, 3]}
            """, file: "p.yaml")
        guard case .array(let entries) = node.value else { Issue.record("not a list"); return }
        let model = try ModelSpec(inputShape: [9, 9, 4], layers: entries).build(generators: LayerGenerators(seed: 0), file: "p.yaml")
        #expect(model.layers.map(\.summaryName) == ["AdaptiveAvgPool2D(7×7)", "AdaptiveAvgPool2D(2×3)"])
        #expect(try model.outputShape(forInput: [9, 9, 4]) == [2, 3, 4])
        let missing = try ConfigNode.parse("- {type: adaptive_avg_pool_2d}", file: "m.yaml")
        guard case .array(let bad) = missing.value else { Issue.record("not a list"); return }
        #expect(error { _ = try ModelSpec(inputShape: [9, 9, 4], layers: bad).build(generators: LayerGenerators(seed: 0), file: "m.yaml") }
                .contains("missing key 'output_size'"))
    }
}
