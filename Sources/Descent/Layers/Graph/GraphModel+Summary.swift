import Foundation

extension GraphModel {
    /// Keras' `model.summary()`: one row per node (index, layer, name, output shape, parameter
    /// count, trainable or frozen), then the input shape and the parameter totals. A graph
    /// that is not a chain also shows, per node, the nodes it reads ("Connected to"); a chain
    /// shows the `names` given to its layers.
    ///
    ///     #  Layer                     Output shape       Params  Connected to    Status
    ///     3  Conv2D(64→64, 3×3, …) "layer1.0.conv1"  (None, 8, 8, 64)   36864   maxpool         frozen
    ///
    /// Throws a `DescentError` when a node cannot take its inputs' shapes.
    public func summary(inputShape: [Int]? = nil, names: [String?] = []) throws -> String {
        let chain = isChain
        var rows: [[String]] = [["#", "Layer", "Output shape", "Params"] + (chain ? [] : ["Connected to"]) + ["Status"]]
        let shapes = try nodeShapes(forInput: inputShape ?? self.inputShape)
        for (index, node) in nodes.enumerated() {
            let label = chain ? (index < names.count ? names[index] : nil) : node.name
            let status = node.layer.parameterCount == 0 ? "" : node.layer.isFrozen ? "frozen" : "trainable"
            let layer = node.layer.summaryName + (label.map { " \"\($0)\"" } ?? "")
            let shape = "(None, " + shapes[index].map(String.init).joined(separator: ", ") + ")"
            let connections: [String] = chain ? [] : [node.inputs.joined(separator: ", ")]
            rows.append([String(index), layer, shape, String(node.layer.parameterCount)] + connections + [status])
        }
        let columns = rows[0].count
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max()! }
        let lines = rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = String(repeating: "─", count: lines.map(\.count).max()!)
        let trainable = trainableParameterCount, total = parameterCount
        return ([lines[0], rule] + lines.dropFirst() + [rule,
                "Input shape: (None, \((inputShape ?? self.inputShape).map(String.init).joined(separator: ", ")))",
                "Total params: \(total)", "Trainable params: \(trainable)", "Non-trainable params: \(total - trainable) (frozen weights and running statistics)"])
            .joined(separator: "\n")
    }
}
