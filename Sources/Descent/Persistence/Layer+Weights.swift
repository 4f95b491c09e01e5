extension Layer {
    /// Every parameter value by path (`0.weight`, `1.running_mean`, …), the names of its
    /// safetensors file.
    public var weightTensors: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: parameters.map { ($0.path, $0.parameter.value) })
    }

    /// Sets every parameter from `tensors`, after checking that the names and shapes match
    /// exactly; nothing is changed when they do not. `source` names the file in errors.
    public func loadWeights(_ tensors: [String: Tensor], source: String) throws {
        let expected = parameters
        let known = Set(expected.map(\.path))
        if let missing = expected.first(where: { tensors[$0.path] == nil }) {
            throw DescentError.file(path: source, problem: "has no tensor '\(missing.path)' (shape \(missing.parameter.value.shape)) that the model needs; it holds \(tensors.keys.sorted().prefix(8).joined(separator: ", "))")
        }
        if let stranger = tensors.keys.sorted().first(where: { !known.contains($0) }) {
            throw DescentError.file(path: source, problem: "holds tensor '\(stranger)', which the model does not have (does the architecture match?)")
        }
        for (path, parameter) in expected where tensors[path]!.shape != parameter.value.shape {
            throw DescentError.file(path: source, problem: "tensor '\(path)' has shape \(tensors[path]!.shape) but the model needs \(parameter.value.shape)")
        }
        for (path, parameter) in expected { parameter.value = tensors[path]! }
    }
}
