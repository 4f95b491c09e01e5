/// A model whose layers form a directed acyclic graph: Keras' functional `Model`, PyTorch's
/// module with a hand-written `forward`. Residual blocks, concatenations and gates need it;
/// `Sequential` is the special case of a chain.
///
/// Each node has a unique name, a layer and the names of its inputs: `GraphModel.inputName`
/// for the model's input, otherwise other nodes. Nodes are kept in a topological order (each
/// after its inputs; ties keep the order they were given in) and the last is the output. A
/// layer's parameters are named `"<node>.<parameter>"`, so nodes named after PyTorch's module
/// paths (`layer1.0.conv1`) give PyTorch's `state_dict` keys (`layer1.0.conv1.weight`).
///
///     y = f_out(…)      value(node) = layer(node)(value(input₁), …, value(input_k))
///
/// A node read by several others passes each of them the same tensor, so the gradients of its
/// uses add up in the backward pass (the multivariate chain rule). Build one from symbolic
/// nodes (see `GraphNode`) or from a list of `GraphModel.Node`s:
///
/// ```swift
/// let input = GraphNode.input(shape: [8, 8, 16])
/// let a = Conv2D(inputChannels: 16, outputChannels: 16, kernelSize: 3, padding: .same)(input, name: "conv")
/// let sum = Add()([a, input], name: "add")
/// let model = try GraphModel(input: input, output: ActivationLayer(.relu)(sum, name: "relu"))
/// ```
public final class GraphModel: Layer {
    /// One layer applied to the values of `inputs`.
    public struct Node {
        public let name: String
        public let layer: any Layer
        /// Names of other nodes, or `GraphModel.inputName`.
        public let inputs: [String]

        public init(name: String, layer: any Layer, inputs: [String]) {
            self.name = name
            self.layer = layer
            self.inputs = inputs
        }
    }

    /// The name by which nodes refer to the model's input.
    public static let inputName = "input"

    /// The nodes in topological order; the last one is the output.
    public private(set) var nodes: [Node]
    /// The shape of one input sample the graph was checked with.
    public let inputShape: [Int]
    public var isTraining = true
    /// For each node, the position of every input in `nodes` (-1 for the model's input).
    private var inputPositions: [[Int]]

    /// Checks and orders `nodes` for samples of `inputShape`; the output is the node listed
    /// last. Throws naming the node for a repeated or reserved name, an input that names no
    /// node, a cycle, a node the output does not use, a layer used by two nodes, or shapes a
    /// layer cannot take (e.g. a merge of [8, 8, 16] with [4, 4, 16]).
    public init(inputShape: [Int], nodes: [Node]) throws {
        guard let output = nodes.last else { throw DescentError.graph(problem: "the graph needs at least one node") }
        let ordered = try GraphValidation.topologicalOrder(nodes, output: output.name)
        self.inputShape = inputShape
        self.nodes = ordered
        inputPositions = Self.positions(ordered)
        _ = try nodeShapes(forInput: inputShape)
    }

    /// A chain of `layers` with nodes named by index (`"0"`, `"1"`, …): the parameter paths of
    /// `Sequential`.
    public convenience init(chain layers: [any Layer], inputShape: [Int]) throws {
        try self.init(inputShape: inputShape, nodes: layers.enumerated().map { index, layer in
            Node(name: String(index), layer: layer, inputs: [Self.chainInput(of: index)])
        })
    }

    /// What node `index` of a chain reads: the model's input, or the node before it.
    static func chainInput(of index: Int) -> String { index == 0 ? inputName : String(index - 1) }

    static func positions(_ nodes: [Node]) -> [[Int]] {
        var position: [String: Int] = [inputName: -1]
        for (index, node) in nodes.enumerated() { position[node.name] = index }
        return nodes.map { $0.inputs.map { position[$0]! } }
    }

    public func callAsFunction(_ input: Tensor) -> Tensor { nodeValues(input).last! }

    /// Every node's value for `input` (the last is the output; probes read them all), in node order.
    public func nodeValues(_ input: Tensor) -> [Tensor] {
        var values: [Tensor] = []
        values.reserveCapacity(nodes.count)
        for (node, positions) in zip(nodes, inputPositions) {
            let arguments = positions.map { $0 < 0 ? input : values[$0] }
            values.append((node.layer as? any MergeLayer).map { $0(arguments) } ?? node.layer(arguments[0]))
        }
        return values
    }

    public var sublayers: [(String, any Layer)] { nodes.map { ($0.name, $0.layer) } }

    /// The layers in node order.
    public var layers: [any Layer] { nodes.map(\.layer) }

    public func outputShape(forInput shape: [Int]) throws -> [Int] { try nodeShapes(forInput: shape).last! }

    /// The shape of one sample of every node's value, in node order; throws naming the first
    /// node whose layer cannot take its inputs.
    public func nodeShapes(forInput shape: [Int]) throws -> [[Int]] {
        var shapes: [[Int]] = []
        for (node, positions) in zip(nodes, inputPositions) {
            let arguments = positions.map { $0 < 0 ? shape : shapes[$0] }
            do {
                if let merge = node.layer as? any MergeLayer {
                    shapes.append(try merge.outputShape(forInputs: arguments))
                } else {
                    guard arguments.count == 1 else {
                        throw DescentError.graph(problem: "node '\(node.name)' (\(node.layer.summaryName)) takes one input, got \(arguments.count): \(node.inputs.joined(separator: ", ")); merge them first (add, concatenate, multiply)")
                    }
                    shapes.append(try node.layer.outputShape(forInput: arguments[0]))
                }
            } catch let error as DescentError {
                if case let .graph(problem) = error {
                    throw problem.hasPrefix("node '") ? error : DescentError.graph(problem: "node '\(node.name)': \(problem)")
                }
                throw DescentError.graph(problem: "node '\(node.name)': \(error)")
            }
        }
        return shapes
    }

    /// True when the nodes are named by index and each reads the one before: the graph of a
    /// `Sequential`, stored and summarized as a plain list.
    public var isChain: Bool {
        nodes.enumerated().allSatisfy { index, node in
            node.name == String(index) && node.inputs == [Self.chainInput(of: index)]
        }
    }

    /// The position of the node called `name`, nil when none is.
    public func nodeIndex(named name: String) -> Int? { nodes.firstIndex { $0.name == name } }

    /// Replaces the nodes (after editing), keeping the checks of `init`.
    func replaceNodes(_ newNodes: [Node]) throws {
        let ordered = try GraphValidation.topologicalOrder(newNodes, output: newNodes.last!.name)
        let positions = Self.positions(ordered)
        let (oldNodes, oldPositions) = (nodes, inputPositions)
        (nodes, inputPositions) = (ordered, positions)
        do { _ = try nodeShapes(forInput: inputShape) } catch {
            (nodes, inputPositions) = (oldNodes, oldPositions)
            throw error
        }
    }
}
