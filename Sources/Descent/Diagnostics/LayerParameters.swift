/// A model's parameters grouped by the layer that owns them (the path without its last
/// component: `"0.weight"` and `"0.bias"` belong to layer `"0"`), in model order.
struct LayerParameters {
    var layer: String
    var name: String
    var parameters: [(path: String, parameter: Parameter)]

    static func groups(of model: any Layer) -> [LayerParameters] {
        var names: [String: String] = ["": model.summaryName]
        func collect(_ layer: any Layer, prefix: String) {
            for (name, sublayer) in layer.sublayers {
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                names[path] = sublayer.summaryName
                collect(sublayer, prefix: path)
            }
        }
        collect(model, prefix: "")
        var groups: [LayerParameters] = []
        for entry in model.parameters {
            let layer = entry.path.split(separator: ".").dropLast().joined(separator: ".")
            if groups.last?.layer == layer {
                groups[groups.count - 1].parameters.append(entry)
            } else {
                groups.append(LayerParameters(layer: layer, name: names[layer] ?? layer, parameters: [entry]))
            }
        }
        return groups
    }

    /// Σ x² over the tensors, in Double, and whether every value was finite.
    static func sumOfSquares(_ tensors: [Tensor]) -> (sum: Double, isFinite: Bool) {
        var sum = 0.0
        for tensor in tensors {
            tensor.scalars.withUnsafeBufferPointer { values in
                for value in values { sum += Double(value) * Double(value) }
            }
        }
        return (sum, sum.isFinite)
    }

    /// ‖a − b‖² summed over pairs of equally shaped tensors, in Double.
    static func squaredDistance(_ a: [Tensor], _ b: [Tensor]) -> Double {
        var sum = 0.0
        for (x, y) in zip(a, b) {
            x.scalars.withUnsafeBufferPointer { xs in
                y.scalars.withUnsafeBufferPointer { ys in
                    for i in xs.indices { let d = Double(xs[i]) - Double(ys[i]); sum += d * d }
                }
            }
        }
        return sum
    }

    /// The first tensor with a NaN or infinite value: its index and that value.
    static func firstNonFinite(_ tensors: [Tensor]) -> (index: Int, value: Float)? {
        for (index, tensor) in tensors.enumerated() {
            if let bad = tensor.scalars.first(where: { !$0.isFinite }) { return (index, bad) }
        }
        return nil
    }
}
