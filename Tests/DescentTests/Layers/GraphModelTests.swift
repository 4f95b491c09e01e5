@testable import Descent
import Foundation
import Testing

/// Graph models: evaluation, gradients through branches and merges, naming, the structural
/// errors, editing and the summary.
@Suite struct GraphModelTests {
    /// y = relu(conv(x) + x): a residual block from the functional API.
    func residualBlock(seed: UInt64 = 1) throws -> (model: GraphModel, conv: Conv2D) {
        let input = GraphNode.input(shape: [4, 4, 2])
        let conv = Conv2D(inputChannels: 2, outputChannels: 2, kernelSize: 3, padding: .same, generator: RandomGenerator(seed: seed))
        let sum = Add()([conv(input, name: "block.conv"), input], name: "block.add")
        return (try GraphModel(input: input, output: ActivationLayer(.relu)(sum, name: "block.relu")), conv)
    }

    @Test func aResidualBlockComputesReluOfConvPlusInput() throws {
        let (model, conv) = try residualBlock()
        let x = Tensor.randomNormal([3, 4, 4, 2], generator: RandomGenerator(seed: 2))
        #expect(model(x).scalars == (conv(x) + x).relu().scalars)
        #expect(model.nodes.map(\.name) == ["block.conv", "block.add", "block.relu"])
        #expect(model.nodes.map(\.inputs) == [["input"], ["block.conv", "input"], ["block.add"]])
        #expect(model.parameters.map(\.path) == ["block.conv.weight", "block.conv.bias"])
        #expect(try model.outputShape(forInput: [4, 4, 2]) == [4, 4, 2])
        #expect(!model.isChain)
    }

    /// Each merge, fed by two branches that share the input (whose gradient therefore sums
    /// two paths), against finite differences of the input and every weight.
    @Test(arguments: ["add", "multiply", "concatenate"])
    func gradientsFlowThroughEveryMerge(_ merge: String) throws {
        let generator = RandomGenerator(seed: 3)
        let input = GraphNode.input(shape: [3])
        let left = Dense(inputSize: 3, outputSize: 4, activation: .tanh, generator: generator)(input, name: "left")
        let right = Dense(inputSize: 3, outputSize: 4, activation: .sigmoid, generator: generator)(input, name: "right")
        let joined: GraphNode
        switch merge {
        case "add": joined = Add()([left, right, left])    // `left` read twice
        case "multiply": joined = Multiply()([left, right])
        default: joined = Concatenate()([left, right, input])
        }
        let width = merge == "concatenate" ? 11 : 4
        let model = try GraphModel(input: input, output: Dense(inputSize: width, outputSize: 2, generator: generator)(joined, name: "head"))
        let x = Parameter(Tensor.randomNormal([5, 3], generator: RandomGenerator(seed: 4)))
        expectGradientsMatch([("input", x)] + model.parameters.map { ($0.path, $0.parameter) }) { model(x.tracked) }
    }

    @Test func aNodeReadTwiceAccumulatesBothGradients() throws {
        let input = GraphNode.input(shape: [2])
        let scale = Dense(inputSize: 2, outputSize: 2, useBias: false)
        scale.weight.value = Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])
        let a = scale(input, name: "a")
        let model = try GraphModel(input: input, output: Multiply()([a, a], name: "square"))
        let x = Parameter(Tensor(shape: [1, 2], scalars: [3, -2]))
        model(x.tracked).sum().backward()
        // y = (Wx)², ∂y/∂x = 2·Wx with W = I: both uses of `a` count.
        #expect(x.gradient?.scalars == [6, -4])
    }

    @Test func unnamedNodesAreNamedAfterTheirType() throws {
        let input = GraphNode.input(shape: [3])
        let a = Dense(inputSize: 3, outputSize: 3)(input)
        let b = Dense(inputSize: 3, outputSize: 3)(a, name: "dense_1")
        let model = try GraphModel(input: input, output: Add()([Dense(inputSize: 3, outputSize: 3)(b), a]))
        #expect(model.nodes.map(\.name) == ["dense", "dense_1", "dense_2", "add"])
    }

    func graphError(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func structuralMistakesAreOneLineErrorsNamingTheNode() {
        let dense = { Dense(inputSize: 3, outputSize: 3) }
        func nodes(_ list: [(String, any Layer, [String])]) -> [GraphModel.Node] { list.map { GraphModel.Node(name: $0.0, layer: $0.1, inputs: $0.2) } }
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("a", dense(), ["input"]), ("a", dense(), ["a"])])) }
                == "graph model: the name 'a' is used by two nodes; names must be unique")
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("a", dense(), ["input"]), ("b", dense(), ["c"])])) }
                == "graph model: node 'b' takes input 'c', which is no node; choose input or one of a, b")
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("a", dense(), ["c"]), ("b", dense(), ["a"]), ("c", Add(), ["b", "input"])])) }
                == "graph model: the nodes form a cycle: b → c → a → b")
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("a", dense(), ["input"]), ("b", dense(), ["input"])])) }
                == "graph model: node 'a' does not lead to the output 'b'; remove it or use it")
        let shared = dense()
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("a", shared, ["input"]), ("b", shared, ["a"])])) }
                .hasPrefix("graph model: nodes 'a' and 'b' apply the same layer object"))
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("a", Dense(inputSize: 3, outputSize: 2), ["input"]), ("b", Add(), ["a", "input"])])) }
                == "graph model: node 'b': Add needs inputs of one shape, got [2] and [3]")
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("a", dense(), ["input", "input"])])) }
                .hasPrefix("graph model: node 'a' (Dense(3→3)) takes one input, got 2"))
        #expect(graphError { _ = try GraphModel(inputShape: [3], nodes: nodes([("input", dense(), ["input"])])) }
                .contains("reserved for the model's input"))
    }

    @Test func cuttingKeepsWhatTheNewOutputNeedsAndFreezingCountsNodes() throws {
        let (model, _) = try residualBlock()
        try model.cut(at: "block.add")
        #expect(model.nodes.map(\.name) == ["block.conv", "block.add"])
        #expect(graphError { try model.cut(at: "fc") }.hasPrefix("graph model: cannot cut at 'fc': no node has that name"))
        model.freeze(through: 0)
        #expect(model.nodes[0].layer.isFrozen && model.trainableParameterCount == 0)
        model.unfreeze(from: 0)
        #expect(model.trainableParameterCount == 2 * 3 * 3 * 2 + 2)
    }

    @Test func theSummaryShowsWhatEachNodeIsConnectedTo() throws {
        let (model, _) = try residualBlock()
        let lines = try model.summary().split(separator: "\n").map(String.init)
        #expect(lines[0].contains("Connected to"))
        #expect(lines[3].hasPrefix("1  Add \"block.add\"") && lines[3].contains("(None, 4, 4, 2)") && lines[3].hasSuffix("block.conv, input"))
        #expect(lines.contains("Total params: 38"))
    }
}
