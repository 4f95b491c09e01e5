import Foundation

extension Sequential {
    /// Keras' `model.summary()`: one row per layer (index, `summaryName` and the layer's name
    /// in quotes when `names` has one, output shape, parameter count, trainable or frozen),
    /// then the input shape and the parameter totals.
    ///
    ///     print(try model.summary(inputShape: [2]))
    ///     // #  Layer       Output shape  Params  Status
    ///     // ─────────────────────────────────────────
    ///     // 0  Dense(2→8)  (None, 8)     24      trainable
    ///
    /// Throws a `DescentError` when a layer cannot take its input's shape.
    public func summary(inputShape: [Int], names: [String?] = []) throws -> String {
        var rows: [[String]] = [["#", "Layer", "Output shape", "Params", "Status"]]
        var shape = inputShape
        for (index, layer) in layers.enumerated() {
            shape = try layer.outputShape(forInput: shape)
            let name = index < names.count ? names[index].map { " \"\($0)\"" } ?? "" : ""
            let status = layer.parameterCount == 0 ? "" : layer.isFrozen ? "frozen" : "trainable"
            rows.append([String(index), layer.summaryName + name, "(None, " + shape.map(String.init).joined(separator: ", ") + ")",
                         String(layer.parameterCount), status])
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max()! }
        let lines = rows.map { row in row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
        let rule = String(repeating: "─", count: lines[0].count)
        let trainable = trainableParameterCount, total = parameterCount
        return ([lines[0], rule] + lines.dropFirst() + [rule,
                "Input shape: (None, \(inputShape.map(String.init).joined(separator: ", ")))",
                "Total params: \(total)", "Trainable params: \(trainable)", "Non-trainable params: \(total - trainable) (frozen weights and running statistics)"])
            .joined(separator: "\n")
    }
}
