/// A sequential model as data: the shape of one input sample and one entry per layer, e.g.
///
///     - {type: dense, units: 64, activation: relu, name: body}
///     - {type: dropout, rate: 0.3}
///     - {type: dense, units: 3}
///
/// the `model:` list of experiment configs and the `layers` of `architecture.json`. Sizes that
/// follow from the input are inferred (Keras-style). Every entry may also carry a `name`, which
/// `freeze_until` and summaries can refer to (otherwise a layer is known by its index), and
/// `trainable: false`, which freezes it.
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
        self.inputShape = inputShape
        layers = try model.layers.enumerated().map { index, layer in
            guard let configurable = layer as? any ConfigurableLayer else {
                throw DescentError.invalidArgument(name: "layer \(index)", value: layer.summaryName, expected: "a layer registered in LayerRegistry (\(LayerRegistry.names.joined(separator: ", ")))")
            }
            let name = index < names.count ? names[index] : nil
            return .object([("type", type(of: configurable).typeName.configNode)] + (name.map { [("name", $0.configNode)] } ?? [])
                           + configurable.configOptions + (layer.isFrozen ? [("trainable", false.configNode)] : []))
        }
    }

    /// The layer names given in the spec (nil where none), by index.
    public var names: [String?] { layers.map { $0["name"].flatMap(String.init(configNode:)) } }

    /// Builds the model, checking every entry; errors name `path[i]` and the line.
    public func build(generators: LayerGenerators, file: String = "model", path: String = "model") throws -> Sequential {
        try build(generators: generators, file: file, path: path, resolving: false).model
    }

    /// The entries with every option filled in (for `--print-config`), after a trial build.
    public func resolvedLayers(file: String, path: String = "model") throws -> [ConfigNode] {
        try build(generators: LayerGenerators(seed: 0), file: file, path: path, resolving: true).resolved
    }

    private func build(generators: LayerGenerators, file: String, path: String, resolving: Bool) throws -> (model: Sequential, resolved: [ConfigNode]) {
        var shape = inputShape
        var built: [any Layer] = [], resolved: [ConfigNode] = []
        var seenNames: Set<String> = []
        for (index, node) in layers.enumerated() {
            let entry = try ConfigObject(node, file: file, path: "\(path)[\(index)]")
            let typeName: String = try entry.required("type")
            guard let type = LayerRegistry.type(named: typeName) else {
                throw entry.error("type", "unknown layer type '\(typeName)'; choose \(LayerRegistry.names.joined(separator: ", "))")
            }
            let name: String? = try entry.optional("name")
            if let name {
                guard seenNames.insert(name).inserted else { throw entry.error("name", "the name '\(name)' is used twice") }
                try entry.check(Int(name) == nil, "name", "a name that is not a number (indices refer to layers already)")
            }
            let layer = try type.make(config: entry, inputShape: shape, generators: generators)
            let buildOptions = type.buildOptionDefaults.map { key, defaultValue in (key, entry.node(key) ?? defaultValue) }
            let isTrainable = try entry.value("trainable", default: true)
            if !isTrainable { layer.freeze() }
            try entry.rejectUnknownKeys()
            do { shape = try layer.outputShape(forInput: shape) } catch let error as DescentError {
                throw entry.error(nil, "\(error)")
            }
            try entry.checkTensorSize(shape, "type", "an output sample")
            built.append(layer)
            if resolving {
                resolved.append(.object([("type", typeName.configNode)] + (name.map { [("name", $0.configNode)] } ?? [])
                                        + layer.configurableOptions + buildOptions + [("trainable", isTrainable.configNode)]))
            }
        }
        guard !built.isEmpty else { throw DescentError.config(file: file, keyPath: path, line: nil, problem: "the model needs at least one layer") }
        return (Sequential(built), resolved)
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
            throw fail("no layer is named '\(name)'; names: \(names.compactMap { $0 }.joined(separator: ", "))")
        }
        return index
    }
}

extension Layer {
    /// The config options of a `ConfigurableLayer`, empty for others.
    var configurableOptions: [(String, ConfigNode)] { (self as? any ConfigurableLayer)?.configOptions ?? [] }
}
