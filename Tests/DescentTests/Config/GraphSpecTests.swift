@testable import Descent
import Foundation
import Testing

/// Graphs written as config lists: `inputs` makes a list a graph, saved models keep the
/// wiring, and mistakes name the entry and the line.
@Suite struct GraphSpecTests {
    static let residual = """
        - {type: dense, units: 4, activation: relu, name: stem}
        - {type: dense, units: 4, name: branch}
        - {type: add, inputs: [branch, stem], name: join}
        - {type: activation, activation: tanh}
        - {type: dense, units: 3, name: head}
        """

    func spec(_ yaml: String, inputShape: [Int] = [2]) throws -> ModelSpec {
        let node = try ConfigNode.parse(yaml, file: "g.yaml")
        guard case .array(let layers) = node.value else { throw DescentError.graph(problem: "not a list") }
        return ModelSpec(inputShape: inputShape, layers: layers)
    }

    func error(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func entriesWithInputsBuildAGraphNamedByNode() throws {
        let model = try spec(Self.residual).build(generators: LayerGenerators(seed: 1), file: "g.yaml")
        #expect(model.nodes.map(\.name) == ["stem", "branch", "join", "activation", "head"])
        #expect(model.nodes.map(\.inputs) == [["input"], ["stem"], ["branch", "stem"], ["join"], ["activation"]])
        #expect(model.parameters.map(\.path) == ["stem.weight", "stem.bias", "branch.weight", "branch.bias", "head.weight", "head.bias"])
        let x = Tensor.randomNormal([5, 2], generator: RandomGenerator(seed: 2))
        let layers = model.layers
        let stem = layers[0](x)
        #expect(model(x).scalars == layers[4]((layers[1](stem) + stem).tanh()).scalars)
    }

    @Test func aPlainListStaysAChainNamedByIndex() throws {
        let model = try spec("- {type: dense, units: 4, name: body}\n- {type: dense, units: 3}").build(generators: LayerGenerators(seed: 1), file: "g.yaml")
        #expect(model.isChain && model.parameters.map(\.path) == ["0.weight", "0.bias", "1.weight", "1.bias"])
    }

    @Test func nodesMayBeListedBeforeTheirInputs() throws {
        let yaml = """
            - {type: dense, units: 4, inputs: stem, name: branch}
            - {type: dense, units: 4, inputs: input, name: stem}
            - {type: concatenate, inputs: [stem, branch], name: out}
            """
        let model = try spec(yaml).build(generators: LayerGenerators(seed: 1), file: "g.yaml")
        #expect(model.nodes.map(\.name) == ["stem", "branch", "out"])
        #expect(try model.outputShape(forInput: [2]) == [8])
    }

    @Test func aSavedGraphLoadsWithItsWiringAndWeights() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-graph-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try spec(Self.residual).build(generators: LayerGenerators(seed: 1), file: "g.yaml")
        model.nodes[0].layer.freeze()
        try SavedModel(model: model, classNames: ["a", "b", "c"]).save(to: folder)
        let loaded = try SavedModel.load(from: folder)
        #expect(loaded.model.nodes.map(\.name) == model.nodes.map(\.name))
        #expect(loaded.model.nodes.map(\.inputs) == model.nodes.map(\.inputs))
        #expect(loaded.layerNames == ["stem", "branch", "join", "activation", "head"])
        #expect(loaded.model.nodes[0].layer.isFrozen)
        let x = Tensor.randomNormal([3, 2], generator: RandomGenerator(seed: 2))
        #expect(loaded.model(x).scalars.map(\.bitPattern) == model(x).scalars.map(\.bitPattern))
    }

    @Test func mistakesNameTheEntryAndTheLine() throws {
        #expect(error { _ = try spec("- {type: dense, units: 4, name: a}\n- {type: add, inputs: [a, b]}").build(generators: LayerGenerators(seed: 0), file: "g.yaml") }
                == "g.yaml:2: model[1].inputs: 'b' is no node; choose input, a, add")
        let cycle = "- {type: dense, units: 2, name: a, inputs: c}\n- {type: dense, units: 2, name: b, inputs: a}\n- {type: add, name: c, inputs: [b, input]}"
        #expect(error { _ = try spec(cycle).build(generators: LayerGenerators(seed: 0), file: "g.yaml") }
                == "g.yaml:1: model: the nodes form a cycle: b → c → a → b")
        #expect(error { _ = try spec("- {type: dense, units: 3, name: a}\n- {type: add, inputs: [a, input]}").build(generators: LayerGenerators(seed: 0), file: "g.yaml") }
                == "g.yaml:2: model[1]: graph model: Add needs inputs of one shape, got [3] and [2]")
        #expect(error { _ = try spec("- {type: dense, units: 3, name: a}\n- {type: dense, units: 3, inputs: [a, input]}").build(generators: LayerGenerators(seed: 0), file: "g.yaml") }
                .hasPrefix("g.yaml:2: model[1].inputs: dense takes one input, got 2"))
        #expect(error { _ = try spec("- {type: dense, units: 3, name: a}\n- {type: dense, units: 3, name: a, inputs: a}").build(generators: LayerGenerators(seed: 0), file: "g.yaml") }
                == "g.yaml:2: model[1].name: the name 'a' is used twice")
        #expect(error { _ = try spec("- {type: dense, units: 3, name: a}\n- {type: dense, units: 3, inputs: input}").build(generators: LayerGenerators(seed: 0), file: "g.yaml") }
                == "g.yaml:1: model: node 'a' does not lead to the output 'dense'; remove it or use it")
        #expect(error { _ = try spec("- {type: dense, units: 3, inputs: 7}").build(generators: LayerGenerators(seed: 0), file: "g.yaml") }
                == "g.yaml:1: model[0].inputs: expected a node name or a list of node names, got an integer")
    }

    /// A transfer from a graph: cut at a named node, frozen through it, a new head on top.
    @Test func anExperimentCutsAGraphBaseAtANamedNodeAndFreezesIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-graph-base-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = try spec(Self.residual).build(generators: LayerGenerators(seed: 1), file: "g.yaml")
        try SavedModel(model: base, classNames: ["a", "b", "c"]).save(to: folder)
        let yaml = """
            data: {dataset: spirals, samples: 60}
            base: {model: \(folder.path), cut_at: activation, freeze_until: join}
            model:
              - {type: dense, units: 3}
            epochs: 1
            """
        let setup = try ExperimentSetup(try Experiment(node: try ConfigNode.parse(yaml, file: "t.yaml"), file: "t.yaml"))
        #expect(setup.model.nodes.map(\.name) == ["stem", "branch", "join", "activation", "dense"])
        #expect(setup.layerNames == ["stem", "branch", "join", "activation", "dense"])
        #expect(setup.model.nodes.prefix(2).allSatisfy { $0.layer.isFrozen } && !setup.model.nodes[4].layer.isFrozen)
        #expect(setup.model.trainableParameterCount == 4 * 3 + 3)
        let wrong = yaml.replacingOccurrences(of: "cut_at: activation", with: "cut_at: fc")
        #expect(error { _ = try ExperimentSetup(try Experiment(node: try ConfigNode.parse(wrong, file: "t.yaml"), file: "t.yaml")) }
                .hasPrefix("t.yaml:2: base.cut_at: no layer is named 'fc'; names: stem, branch, join, activation, head"))
    }
}
