/// A symbolic value for building a `GraphModel` by calling layers, as in Keras' functional API:
/// the model's input, or a layer applied to other nodes. Nothing is computed until the model
/// runs; shapes are checked when the model is built.
///
/// ```swift
/// let input = GraphNode.input(shape: [32, 32, 3])
/// let x = Conv2D(inputChannels: 3, outputChannels: 8, kernelSize: 3, padding: .same)(input, name: "conv1")
/// let y = Concatenate()([x, input], name: "join")
/// let model = try GraphModel(input: input, output: y)
/// ```
///
/// A node without a name gets its layer's config type and a counter, Keras-style
/// (`conv2d`, `conv2d_1`, …), when the model is built.
public final class GraphNode {
    let name: String?
    let layer: (any Layer)?
    let inputs: [GraphNode]
    let shape: [Int]?

    private init(name: String?, layer: (any Layer)?, inputs: [GraphNode], shape: [Int]?) {
        self.name = name
        self.layer = layer
        self.inputs = inputs
        self.shape = shape
    }

    /// The model's input, for samples of `shape` (batch axis excluded).
    public static func input(shape: [Int]) -> GraphNode { GraphNode(name: nil, layer: nil, inputs: [], shape: shape) }

    static func applying(_ layer: any Layer, to inputs: [GraphNode], name: String?) -> GraphNode {
        GraphNode(name: name, layer: layer, inputs: inputs, shape: nil)
    }
}

extension Layer {
    /// This layer applied to `node`: a new node of a graph under construction.
    public func callAsFunction(_ node: GraphNode, name: String? = nil) -> GraphNode {
        .applying(self, to: [node], name: name)
    }
}

extension MergeLayer {
    /// This merge applied to `nodes`.
    public func callAsFunction(_ nodes: [GraphNode], name: String? = nil) -> GraphNode {
        .applying(self, to: nodes, name: name)
    }
}

extension GraphModel {
    /// The graph from `input` to `output`: every node `output` depends on, named as given or
    /// automatically. Throws as `init(inputShape:nodes:)` does, and when `input` is not a
    /// `GraphNode.input` or the output depends on another input.
    public convenience init(input: GraphNode, output: GraphNode) throws {
        guard let shape = input.shape else {
            throw DescentError.graph(problem: "the model's input must be a GraphNode.input(shape:), not a layer's output")
        }
        var order: [GraphNode] = [], visited: Set<ObjectIdentifier> = []
        func visit(_ node: GraphNode) throws {
            guard visited.insert(ObjectIdentifier(node)).inserted else { return }
            if node.layer == nil {
                guard node === input else { throw DescentError.graph(problem: "the output depends on a second input node; a graph model has one input") }
                return
            }
            for source in node.inputs { try visit(source) }
            order.append(node)
        }
        try visit(output)
        guard !order.isEmpty else { throw DescentError.graph(problem: "the output is the input itself; apply at least one layer") }
        var names: [ObjectIdentifier: String] = [:]
        var namer = AutomaticNames(taken: Set(order.compactMap(\.name)))
        for node in order {
            names[ObjectIdentifier(node)] = node.name ?? namer.next(GraphModel.automaticName(for: node.layer!))
        }
        let nodes = order.map { node in
            Node(name: names[ObjectIdentifier(node)]!, layer: node.layer!,
                 inputs: node.inputs.map { $0 === input ? GraphModel.inputName : names[ObjectIdentifier($0)]! })
        }
        try self.init(inputShape: shape, nodes: nodes)
    }

    /// `dense`, `conv2d`, … (the config type), or the Swift type's name in lower case.
    static func automaticName(for layer: any Layer) -> String {
        (layer as? any ConfigurableLayer).map { type(of: $0).typeName } ?? String(describing: type(of: layer)).lowercased()
    }
}

/// Keras-style names for unnamed nodes: `base`, `base_1`, `base_2`, … skipping taken names.
struct AutomaticNames {
    var taken: Set<String>
    private var counters: [String: Int] = [:]

    init(taken: Set<String>) { self.taken = taken }

    mutating func next(_ base: String) -> String {
        var name: String
        repeat {
            let count = counters[base, default: 0]
            counters[base] = count + 1
            name = count == 0 ? base : "\(base)_\(count)"
        } while taken.contains(name)
        taken.insert(name)
        return name
    }
}
