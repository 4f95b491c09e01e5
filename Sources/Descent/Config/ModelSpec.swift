/// A model as data: the shape of one input sample and one entry per layer, e.g.
///
///     - {type: dense, units: 64, activation: relu, name: body}
///     - {type: dropout, rate: 0.3}
///     - {type: dense, units: 3}
///
/// the `model:` list of experiment configs and the `layers` of `architecture.json`. Sizes that
/// follow from the input are inferred (Keras-style). Every entry may also carry a `name`, which
/// `freeze_until` and summaries can refer to (otherwise a layer is known by its index), and
/// `trainable: false`, which freezes it.
///
/// **Graphs.** As soon as one entry has `inputs` (a node name, `input` for the model's input,
/// or a list of them), the list describes a graph (`GraphModel`): every entry is a node, named
/// by its `name` or else Keras-style after its type (`conv2d`, `conv2d_1`, …), reading the
/// entry before it unless it names its `inputs`; the last entry is the output. Parameters are
/// then named after the nodes (`block1.conv.weight`) instead of by index (`0.weight`, as in a
/// plain list). Nodes may be listed in any order; cycles, unknown inputs and shapes that
/// cannot merge are errors naming the entry.
///
///     - {type: conv2d, filters: 16, kernel_size: 3, padding: same, name: conv}
///     - {type: add, inputs: [conv, input], name: residual}
///     - {type: activation, activation: relu}
public struct ModelSpec {
    /// The shape of one sample (batch axis excluded).
    public var inputShape: [Int]
    /// One mapping per layer, each with a `type` and the layer's options.
    public var layers: [ConfigNode]

    public init(inputShape: [Int], layers: [ConfigNode]) {
        self.inputShape = inputShape
        self.layers = layers
    }

    /// The spec of a built model whose layers are all `ConfigurableLayer`s.
    public init(describing model: Sequential, inputShape: [Int], names: [String?] = []) throws {
        try self.init(describing: try GraphModel(chain: model.layers, inputShape: inputShape), names: names)
    }

    /// The spec of a built graph: a plain list for a chain (with `names` as the entries'
    /// names), else every node with its `name` and `inputs`.
    public init(describing model: GraphModel, names: [String?] = []) throws {
        inputShape = model.inputShape
        let isChain = model.isChain
        layers = try model.nodes.enumerated().map { index, node in
            let layer = node.layer
            guard let configurable = layer as? any ConfigurableLayer else {
                throw DescentError.invalidArgument(name: "layer \(node.name)", value: layer.summaryName, expected: "a layer registered in LayerRegistry (\(LayerRegistry.names.joined(separator: ", ")))")
            }
            let label = isChain ? (index < names.count ? names[index] : nil) : node.name
            let wiring: [(String, ConfigNode)] = isChain ? [] : [("inputs", node.inputs.configNode)]
            return .object([("type", type(of: configurable).typeName.configNode)] + (label.map { [("name", $0.configNode)] } ?? []) + wiring
                           + configurable.configOptions + (layer.isFrozen ? [("trainable", false.configNode)] : []))
        }
    }

    /// The layer names given in the spec (nil where none), by index.
    public var names: [String?] { layers.map { $0["name"].flatMap(String.init(configNode:)) } }

    /// True when some entry names its `inputs`.
    public var isGraph: Bool { layers.contains { $0["inputs"] != nil } }

    /// Builds the model, checking every entry; errors name `path[i]` and the line. With a
    /// `base`, the entries are added on top of it (the first reads the base's output) and may
    /// name the base's nodes as inputs.
    public func build(generators: LayerGenerators, file: String = "model", path: String = "model", onto base: GraphModel? = nil) throws -> GraphModel {
        try build(generators: generators, file: file, path: path, base: base, resolving: false).model
    }

    /// The entries with every option filled in (for `--print-config`), after a trial build.
    public func resolvedLayers(file: String, path: String = "model", onto base: GraphModel? = nil) throws -> [ConfigNode] {
        try build(generators: LayerGenerators(seed: 0), file: file, path: path, base: base, resolving: true).resolved
    }

    /// The node names of the built model, in node order: entry names for a graph, the given
    /// names (nil elsewhere) for a chain.
    public func layerNames(of model: GraphModel, baseNames: [String?] = []) -> [String?] {
        model.isChain ? baseNames + names : model.nodes.map(\.name)
    }

    private func build(generators: LayerGenerators, file: String, path: String, base: GraphModel?, resolving: Bool) throws -> (model: GraphModel, resolved: [ConfigNode]) {
        let entries = try layers.enumerated().map { index, node in try ConfigObject(node, file: file, path: "\(path)[\(index)]") }
        guard !entries.isEmpty || base != nil else { throw DescentError.config(file: file, keyPath: path, line: nil, problem: "the model needs at least one layer") }
        let graph = isGraph || base.map { !$0.isChain } ?? false
        let wiring = try graph ? graphWiring(entries, base: base) : chainWiring(entries, base: base)
        var shapes: [String: [Int]] = [GraphModel.inputName: base?.inputShape ?? inputShape]
        if let base { for (node, shape) in zip(base.nodes, try base.nodeShapes(forInput: base.inputShape)) { shapes[node.name] = shape } }
        var built = [GraphModel.Node?](repeating: nil, count: entries.count)
        var resolved = [ConfigNode](repeating: ConfigNode(.null), count: entries.count)
        for index in try buildOrder(wiring, entries: entries, base: base, file: file, path: path) {
            let entry = entries[index]
            let inputShapes = wiring[index].inputs.map { shapes[$0]! }
            let (layer, shape, options) = try makeLayer(entry, inputShapes: inputShapes, generators: generators)
            shapes[wiring[index].name] = shape
            built[index] = GraphModel.Node(name: wiring[index].name, layer: layer, inputs: wiring[index].inputs)
            if resolving {
                let name = try entry.optional("name") as String?
                resolved[index] = .object([("type", type(of: layer as! any ConfigurableLayer).typeName.configNode)] + (name.map { [("name", $0.configNode)] } ?? [])
                                          + (entry.node("inputs").map { [("inputs", $0)] } ?? []) + options)
            }
        }
        let model = try GraphModel(inputShape: base?.inputShape ?? inputShape, nodes: (base?.nodes ?? []) + built.map { $0! })
        return (model, resolved)
    }

    /// Node names and inputs of a plain list: by index, each reading the one before.
    private func chainWiring(_ entries: [ConfigObject], base: GraphModel?) throws -> [(name: String, inputs: [String])] {
        let offset = base?.nodes.count ?? 0
        var seenNames: Set<String> = []
        return try entries.enumerated().map { index, entry in
            if let name: String = try entry.optional("name") {
                guard seenNames.insert(name).inserted else { throw entry.error("name", "the name '\(name)' is used twice") }
                try entry.check(Int(name) == nil, "name", "a name that is not a number (indices refer to layers already)")
            }
            return (String(offset + index), [GraphModel.chainInput(of: offset + index)])
        }
    }

    /// Node names and inputs of a graph: given or automatic names, given inputs or the entry before.
    private func graphWiring(_ entries: [ConfigObject], base: GraphModel?) throws -> [(name: String, inputs: [String])] {
        let given = try entries.map { try $0.optional("name") as String? }
        for (index, name) in given.enumerated() {
            guard let name else { continue }
            try entries[index].check(name != GraphModel.inputName, "name", "a name other than '\(GraphModel.inputName)', which is the model's input")
            guard given.firstIndex(of: name) == index, base?.nodeIndex(named: name) == nil else {
                throw entries[index].error("name", "the name '\(name)' is used twice")
            }
        }
        var namer = AutomaticNames(taken: Set(given.compactMap { $0 } + (base?.nodes.map(\.name) ?? [])))
        let names = try entries.enumerated().map { index, entry in try given[index] ?? namer.next(entry.required("type")) }
        let previousOfFirst = base?.nodes.last?.name ?? GraphModel.inputName
        return try entries.enumerated().map { index, entry in
            let inputs: [String]
            if let node = entry.node("inputs") {
                guard let list = [String](configNode: node) ?? String(configNode: node).map({ [$0] }), !list.isEmpty else {
                    throw entry.error("inputs", "expected a node name or a list of node names, got \(node.kindName)")
                }
                inputs = list
            } else {
                inputs = [index == 0 ? previousOfFirst : names[index - 1]]
            }
            return (names[index], inputs)
        }
    }

    /// The entries in an order in which every input is built before its reader; unknown
    /// inputs and cycles are errors naming the entry.
    private func buildOrder(_ wiring: [(name: String, inputs: [String])], entries: [ConfigObject], base: GraphModel?, file: String, path: String) throws -> [Int] {
        let known = Set(wiring.map(\.name) + (base?.nodes.map(\.name) ?? []) + [GraphModel.inputName])
        for (index, node) in wiring.enumerated() {
            if let unknown = node.inputs.first(where: { !known.contains($0) }) {
                let choices = ([GraphModel.inputName] + wiring.map(\.name)).prefix(12).joined(separator: ", ")
                throw entries[index].error("inputs", "'\(unknown)' is no node; choose \(choices)\(wiring.count > 11 ? ", …" : "")")
            }
        }
        let placeholders = (base?.nodes ?? []) + wiring.map { GraphModel.Node(name: $0.name, layer: Flatten(), inputs: $0.inputs) }
        let ordered: [GraphModel.Node]
        do {
            ordered = try GraphValidation.topologicalOrder(placeholders, output: placeholders.last!.name)
        } catch let error as DescentError {
            guard case let .graph(problem) = error else { throw error }
            throw DescentError.config(file: file, keyPath: path, line: entries.first?.node.line, problem: problem)
        }
        let position = Dictionary(uniqueKeysWithValues: wiring.enumerated().map { ($0.element.name, $0.offset) })
        return ordered.compactMap { position[$0.name] }
    }

    /// One entry's layer, its output shape and its resolved options.
    private func makeLayer(_ entry: ConfigObject, inputShapes: [[Int]], generators: LayerGenerators) throws -> (any Layer, [Int], [(String, ConfigNode)]) {
        let typeName: String = try entry.required("type")
        guard let type = LayerRegistry.type(named: typeName) else {
            throw entry.error("type", "unknown layer type '\(typeName)'; choose \(LayerRegistry.names.joined(separator: ", "))")
        }
        _ = (entry.node("name"), entry.node("inputs"))
        let isMerge = type is any MergeLayer.Type
        if !isMerge && inputShapes.count != 1 {
            throw entry.error("inputs", "\(typeName) takes one input, got \(inputShapes.count); merge them first with add, concatenate or multiply")
        }
        let layer = try type.make(config: entry, inputShape: inputShapes[0], generators: generators)
        let buildOptions = type.buildOptionDefaults.map { key, defaultValue in (key, entry.node(key) ?? defaultValue) }
        let isTrainable = try entry.value("trainable", default: true)
        if !isTrainable { layer.freeze() }
        try entry.rejectUnknownKeys()
        let shape: [Int]
        do {
            shape = try (layer as? any MergeLayer)?.outputShape(forInputs: inputShapes) ?? layer.outputShape(forInput: inputShapes[0])
        } catch let error as DescentError {
            throw entry.error(nil, "\(error)")
        }
        try entry.checkTensorSize(shape, "type", "an output sample")
        return (layer, shape, layer.configurableOptions + buildOptions + [("trainable", isTrainable.configNode)])
    }

    /// `{input_shape: […], layers: […]}`, as `architecture.json` stores it.
    public var configNode: ConfigNode {
        .object([("input_shape", inputShape.configNode), ("layers", ConfigNode(.array(layers)))])
    }

    /// The index of the layer called `reference`: a name from the spec or an index (negative
    /// counts from the end). Throws naming `key` for anything else.
    public func layerIndex(_ reference: ConfigNode, file: String, key: String) throws -> Int {
        func fail(_ problem: String) -> DescentError { .config(file: file, keyPath: key, line: reference.line, problem: problem) }
        if let index = Int(configNode: reference) {
            let resolved = index < 0 ? layers.count + index : index
            guard resolved >= 0 && resolved < layers.count else { throw fail("layer index \(index) is out of range for \(layers.count) layers") }
            return resolved
        }
        guard let name = String(configNode: reference) else { throw fail("expected a layer name or index, got \(reference.kindName)") }
        guard let index = names.firstIndex(of: name) else {
            let known = names.compactMap { $0 }
            throw fail("no layer is named '\(name)'; names: \(known.prefix(20).joined(separator: ", "))\(known.count > 20 ? ", …" : "")")
        }
        return index
    }
}

extension Layer {
    /// The config options of a `ConfigurableLayer`, empty for others.
    var configurableOptions: [(String, ConfigNode)] { (self as? any ConfigurableLayer)?.configOptions ?? [] }
}
