/// Runs a probe batch through a `Sequential` or `GraphModel` one layer (node) at a time, in
/// evaluation mode and without gradients, and measures each layer's output (no forward hooks
/// needed).
///
/// Only the top-level layers are visited; a nested block counts as one layer. For any other
/// model the probe measures nothing.
struct ActivationProbe {
    /// How a layer's nonlinearity can fail.
    enum Nonlinearity { case relu, sigmoid, tanh, other }

    /// One layer's output on the probe.
    struct Measurement {
        var layer: String
        var name: String
        var output: Tensor
        var nonlinearity: Nonlinearity
    }

    /// Each top-level layer's output on `probe`, labelled by its parameter-path prefix (index
    /// or node name); empty unless `model` is a `Sequential` or a `GraphModel`.
    static func outputs(of model: any Layer, on probe: Tensor) -> [Measurement] {
        guard model is Sequential || model is GraphModel else { return [] }
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        return withoutGradients {
            if let graph = model as? GraphModel {
                return zip(graph.nodes, graph.nodeValues(probe)).map { node, output in
                    Measurement(layer: node.name, name: node.layer.summaryName, output: output, nonlinearity: nonlinearity(of: node.layer))
                }
            }
            var h = probe
            return (model as! Sequential).layers.enumerated().map { index, layer in
                h = layer(h)
                return Measurement(layer: String(index), name: layer.summaryName, output: h, nonlinearity: nonlinearity(of: layer))
            }
        }
    }

    static func nonlinearity(of layer: any Layer) -> Nonlinearity {
        let activation = (layer as? Dense)?.activation ?? (layer as? ActivationLayer)?.activation
        switch activation {
        case .relu?, .relu6?: return .relu
        case .sigmoid?, .hardSigmoid?: return .sigmoid
        case .tanh?: return .tanh
        default: return .other
        }
    }

    /// Mean and standard deviation of the finite values (population σ, in Double).
    static func moments(_ values: [Float]) -> (mean: Double, std: Double) {
        var (n, sum, squares) = (0.0, 0.0, 0.0)
        for value in values where value.isFinite {
            n += 1; sum += Double(value); squares += Double(value) * Double(value)
        }
        guard n > 0 else { return (.nan, .nan) }
        let mean = sum / n
        return (mean, Swift.max(squares / n - mean * mean, 0).squareRoot())
    }

    /// The fraction of units (elements of one sample's output) that are "stuck" on at least
    /// `share` of the samples: dead ReLUs (output ≤ 0, share 1) or saturated sigmoid/tanh units.
    static func stuckFraction(_ output: Tensor, share: Double, isStuck: (Float) -> Bool) -> Double {
        let samples = output.shape.first ?? 0
        guard samples > 0, output.count > 0 else { return 0 }
        let units = output.count / samples
        var stuckCounts = [Int](repeating: 0, count: units)
        output.scalars.withUnsafeBufferPointer { values in
            for sample in 0..<samples {
                for unit in 0..<units where isStuck(values[sample * units + unit]) { stuckCounts[unit] += 1 }
            }
        }
        let needed = Int((share * Double(samples)).rounded(.up))
        return Double(stuckCounts.filter { $0 >= needed }.count) / Double(units)
    }

    /// Fills the activation columns of `record` from a measurement.
    static func describe(_ measurement: Measurement, into record: inout LayerDiagnostics) {
        let (mean, std) = moments(measurement.output.scalars)
        record.activationMean = mean
        record.activationStd = std
        switch measurement.nonlinearity {
        case .relu:
            record.deadFraction = stuckFraction(measurement.output, share: 1) { $0 <= 0 }
        case .sigmoid:
            record.saturatedFraction = stuckFraction(measurement.output, share: 0.95) { $0 < 0.01 || $0 > 0.99 }
        case .tanh:
            record.saturatedFraction = stuckFraction(measurement.output, share: 0.95) { Swift.abs($0) > 0.99 }
        case .other:
            break
        }
    }
}
