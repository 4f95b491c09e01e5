/// The generators of a model (by layer path) and an augmentation (`"augmentation"`), grouped
/// by identity, with their positions.
struct GeneratorStates: Codable, Equatable {
    struct Group: Codable, Equatable {
        /// Layer paths (`"3"`, `"block.1"`) or `"augmentation"`.
        var owners: [String]
        var state: RandomState
    }

    var groups: [Group]

    /// Every owner under `model` and `augmentation`, by path.
    static func owners(model: any Layer, augmentation: (any Augmentation)?) -> [(String, any RandomGeneratorOwner)] {
        func walk(_ layer: any Layer, _ path: String) -> [(String, any RandomGeneratorOwner)] {
            let own = (layer as? any RandomGeneratorOwner).map { [(path, $0)] } ?? []
            return own + layer.sublayers.flatMap { walk($0.1, path.isEmpty ? $0.0 : "\(path).\($0.0)") }
        }
        let fromAugmentation: [(String, any RandomGeneratorOwner)] = augmentation.map { [("augmentation", $0)] } ?? []
        return walk(model, "") + fromAugmentation
    }

    init(model: any Layer, augmentation: (any Augmentation)?) {
        var order: [ObjectIdentifier] = [], byGenerator: [ObjectIdentifier: Group] = [:]
        for (path, owner) in Self.owners(model: model, augmentation: augmentation) {
            let id = ObjectIdentifier(owner.generator)
            if byGenerator[id] == nil {
                order.append(id)
                byGenerator[id] = Group(owners: [], state: owner.generator.state)
            }
            byGenerator[id]!.owners.append(path)
        }
        groups = order.map { byGenerator[$0]! }
    }

    /// Gives every owner a generator at its saved position, shared as it was when saved.
    func restore(model: any Layer, augmentation: (any Augmentation)?, source: String) throws {
        let owners = Dictionary(Self.owners(model: model, augmentation: augmentation), uniquingKeysWith: { first, _ in first })
        let saved = Set(groups.flatMap(\.owners))
        guard saved == Set(owners.keys) else {
            throw DescentError.file(path: source, problem: "its random generators belong to \(saved.sorted()) but the model has \(owners.keys.sorted()); is it the same architecture?")
        }
        for group in groups {
            let generator = RandomGenerator(state: group.state)
            for path in group.owners { owners[path]!.generator = generator }
        }
    }
}
