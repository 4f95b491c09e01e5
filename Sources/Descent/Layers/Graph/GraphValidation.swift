/// The structural checks of a `GraphModel` and the order its nodes run in.
enum GraphValidation {
    /// `nodes` in a topological order (Kahn's algorithm; among nodes that are ready, the one
    /// given first runs first), ending with `output`. Throws naming the node for a repeated,
    /// empty or reserved name, a missing input list, an input that names no node, a layer
    /// object used by two nodes, a cycle (listing it), or a node the output does not depend on.
    static func topologicalOrder(_ nodes: [GraphModel.Node], output: String) throws -> [GraphModel.Node] {
        var position: [String: Int] = [:]
        var layerOwner: [ObjectIdentifier: String] = [:]
        for (index, node) in nodes.enumerated() {
            guard !node.name.isEmpty, node.name != GraphModel.inputName else {
                throw DescentError.graph(problem: "node \(index) has the name '\(node.name)', which is reserved for the model's input; rename it")
            }
            guard position.updateValue(index, forKey: node.name) == nil else {
                throw DescentError.graph(problem: "the name '\(node.name)' is used by two nodes; names must be unique")
            }
            if let other = layerOwner.updateValue(node.name, forKey: ObjectIdentifier(node.layer)) {
                throw DescentError.graph(problem: "nodes '\(other)' and '\(node.name)' apply the same layer object; shared weights are not supported, create a second layer")
            }
            guard !node.inputs.isEmpty else { throw DescentError.graph(problem: "node '\(node.name)' has no inputs") }
        }
        for node in nodes {
            for input in node.inputs where input != GraphModel.inputName && position[input] == nil {
                throw DescentError.graph(problem: "node '\(node.name)' takes input '\(input)', which is no node; choose \(GraphModel.inputName) or one of \(nodes.map(\.name).prefix(12).joined(separator: ", "))\(nodes.count > 12 ? ", …" : "")")
            }
        }
        var waiting = nodes.map { Set($0.inputs).subtracting([GraphModel.inputName]).count }
        var readers = Array(repeating: [Int](), count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for input in Set(node.inputs) where input != GraphModel.inputName { readers[position[input]!].append(index) }
        }
        var ready = Set(waiting.indices.filter { waiting[$0] == 0 })
        var order: [Int] = []
        while let next = ready.min() {
            ready.remove(next)
            order.append(next)
            for reader in readers[next] {
                waiting[reader] -= 1
                if waiting[reader] == 0 { ready.insert(reader) }
            }
        }
        guard order.count == nodes.count else { throw DescentError.graph(problem: "the nodes form a cycle: \(cycle(nodes, waiting: waiting, position: position))") }
        let needed = ancestors(of: position[output]!, nodes, position: position)
        if let unused = order.first(where: { !needed.contains($0) }) {
            throw DescentError.graph(problem: "node '\(nodes[unused].name)' does not lead to the output '\(output)'; remove it or use it")
        }
        return order.map { nodes[$0] }
    }

    /// The positions of `index` and every node it depends on.
    static func ancestors(of index: Int, _ nodes: [GraphModel.Node], position: [String: Int]) -> Set<Int> {
        var seen: Set<Int> = [index], stack = [index]
        while let next = stack.popLast() {
            for input in nodes[next].inputs {
                guard let source = position[input], seen.insert(source).inserted else { continue }
                stack.append(source)
            }
        }
        return seen
    }

    /// One cycle among the nodes left unordered, as `a → b → a`.
    private static func cycle(_ nodes: [GraphModel.Node], waiting: [Int], position: [String: Int]) -> String {
        var current = waiting.firstIndex { $0 > 0 }!
        var path: [Int] = []
        while !path.contains(current) {
            path.append(current)
            current = nodes[current].inputs.compactMap { position[$0] }.first { waiting[$0] > 0 }!
        }
        let flow = Array(path[path.firstIndex(of: current)!...].reversed())
        return (flow + [flow[0]]).map { nodes[$0].name }.joined(separator: " → ")
    }
}
