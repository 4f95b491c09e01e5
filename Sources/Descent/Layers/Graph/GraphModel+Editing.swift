/// Transfer learning on graphs: cut below the classifier, freeze the body, fine-tune the top.
/// Indices count nodes in `nodes` order (the order of `summary`), as Keras' `model.layers[:k]`.
///
/// ```swift
/// let base = try SavedModel.load(from: URL(fileURLWithPath: "zoo/resnet18")).model
/// try base.cut(at: "avgpool")                    // drop fc
/// base.freeze(through: base.nodes.count - 1)     // the whole body
/// let model = try ModelSpec(inputShape: base.inputShape, layers: head).build(generators: g, onto: base)
/// ```
extension GraphModel {
    /// Makes the node called `name` the output and drops every node it does not depend on.
    /// Throws naming the nodes when there is no such node.
    public func cut(at name: String) throws {
        guard let index = nodeIndex(named: name) else {
            throw DescentError.graph(problem: "cannot cut at '\(name)': no node has that name; nodes: \(nodes.map(\.name).suffix(12).joined(separator: ", "))")
        }
        let position = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($0.element.name, $0.offset) })
        let kept = GraphValidation.ancestors(of: index, nodes, position: position)
        try replaceNodes(nodes.indices.filter(kept.contains).map { nodes[$0] })
    }

    /// Drops the last `count` nodes (a chain's head) by cutting at the node before them.
    public func removeLast(_ count: Int) throws {
        guard count < nodes.count else {
            throw DescentError.graph(problem: "cannot drop \(count) of \(nodes.count) nodes; at least one must stay")
        }
        if count > 0 { try cut(at: nodes[nodes.count - 1 - count].name) }
    }

    /// Freezes nodes 0 through `index` (the body) and leaves the rest as they are.
    public func freeze(through index: Int) {
        precondition(index < nodes.count, "GraphModel.freeze(through:): index \(index) is out of range for \(nodes.count) nodes")
        for node in nodes.prefix(index + 1) { node.layer.freeze() }
    }

    /// Unfreezes nodes `index` to the end (the top), e.g. to fine-tune after training a head.
    public func unfreeze(from index: Int) {
        precondition(index >= 0, "GraphModel.unfreeze(from:): index \(index) must be ≥ 0")
        for node in nodes.dropFirst(index) { node.layer.unfreeze() }
    }
}
