import Foundation

extension Layer {
    /// Sets weights from a PyTorch `state_dict` saved with `torch.save` (`.pth`, `.pt`: zip or
    /// legacy format, read by `PyTorchCheckpoint`'s restricted unpickler, which executes
    /// nothing) or with `safetensors.torch.save_file`, so a model trained elsewhere can be the
    /// base of a transfer. The format is told by the content, not the file name.
    ///
    /// `mapping` maps Descent parameter paths to PyTorch names; paths it leaves out keep their
    /// own name, which already matches for an `nn.Sequential` with the same layer order
    /// (`nn.Linear, nn.ReLU, nn.Linear` ↔ `Dense, ActivationLayer, Dense`). Layouts are
    /// converted from PyTorch's:
    ///
    ///     Linear.weight  [out, in]           → Dense.weight  [in, out]     (transpose)
    ///     Conv2d.weight  [out, in, kh, kw]   → Conv2D kernel [kh, kw, in, out]   (OIHW → HWIO)
    ///     BatchNorm weight, bias, running_mean, running_var: as they are
    ///
    /// F16, BF16 and F64 tensors are converted to Float; PyTorch-only entries
    /// (`num_batches_tracked`) are ignored. Throws naming the file and listing the keys when
    /// tensors are missing or of the wrong shape, and with `strict` also when the file holds
    /// tensors no parameter takes (PyTorch's `load_state_dict(strict=True)`); nothing is
    /// changed then.
    ///
    /// ```python
    /// torch.save(torch_model.state_dict(), "base.pth")  # or safetensors.torch.save_file(…)
    /// ```
    /// ```swift
    /// try model.importPyTorchWeights(from: URL(fileURLWithPath: "base.pth"),
    ///                                mapping: ["0.weight": "features.0.weight", "0.bias": "features.0.bias"])
    /// ```
    public func importPyTorchWeights(from url: URL, mapping: [String: String] = [:], strict: Bool = false) throws {
        let tensors = try Self.pyTorchTensors(at: url)
        var converted: [String: Tensor] = [:]
        var missing: [String] = [], misShaped: [String] = []
        for (path, parameter) in parameters {
            let name = mapping[path] ?? path
            guard let tensor = tensors[name] else { missing.append(name); continue }
            let value = Self.fromPyTorchLayout(tensor)
            guard value.shape == parameter.value.shape else {
                misShaped.append("'\(name)' has PyTorch shape \(tensor.shape), which gives \(value.shape), but parameter \(path) needs \(parameter.value.shape)")
                continue
            }
            converted[path] = value
        }
        let used = Set(parameters.map { mapping[$0.path] ?? $0.path })
        let unexpected = strict ? tensors.keys.filter { !used.contains($0) }.sorted() : []
        func listed(_ keys: [String]) -> String { keys.prefix(8).joined(separator: ", ") + (keys.count > 8 ? " and \(keys.count - 8) more" : "") }
        var problems: [String] = []
        if !missing.isEmpty {
            problems.append("has no tensor for \(missing.count) parameter\(missing.count == 1 ? "" : "s"): \(listed(missing)) (it holds \(listed(tensors.keys.sorted())))")
        }
        if !misShaped.isEmpty { problems.append("tensor \(misShaped[0])" + (misShaped.count > 1 ? " (and \(misShaped.count - 1) more of the wrong shape)" : "")) }
        if !unexpected.isEmpty { problems.append("has \(unexpected.count) tensor\(unexpected.count == 1 ? "" : "s") the model does not: \(listed(unexpected))") }
        guard problems.isEmpty else {
            let hint = missing.isEmpty && unexpected.isEmpty ? "" : "; build the model with the file's architecture (or pass a mapping)"
            throw DescentError.file(path: url.path, problem: problems.joined(separator: "; ") + hint + ". Nothing was loaded")
        }
        try loadWeights(converted, source: url.path)
    }

    /// The named tensors of a `torch.save` file (told by its zip or legacy-pickle magic) or
    /// else a safetensors file, without PyTorch-only `num_batches_tracked` entries.
    static func pyTorchTensors(at url: URL) throws -> [String: Tensor] {
        let head: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = [UInt8](try handle.read(upToCount: 16) ?? Data())
        } catch {
            throw DescentError.file(path: url.path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        let all: [String: Tensor]
        if PyTorchCheckpoint.isZip(head) || PyTorchCheckpoint.isLegacy(head) {
            all = Dictionary(try PyTorchCheckpoint.read(url.path), uniquingKeysWith: { first, _ in first })
        } else {
            all = try SafeTensors(contentsOf: url).tensors
        }
        return all.filter { !$0.key.hasSuffix("num_batches_tracked") }
    }

    /// A matrix transposed, a 4-D kernel permuted from OIHW to HWIO, anything else unchanged.
    static func fromPyTorchLayout(_ tensor: Tensor) -> Tensor {
        switch tensor.rank {
        case 2:
            let (rows, columns) = (tensor.shape[0], tensor.shape[1])
            return Tensor.make(shape: [columns, rows]) { out in
                for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = tensor.scalars[r * columns + c] } }
            }
        case 4:
            let (o, i, h, w) = (tensor.shape[0], tensor.shape[1], tensor.shape[2], tensor.shape[3])
            return Tensor.make(shape: [h, w, i, o]) { out in
                for a in 0..<o { for b in 0..<i { for y in 0..<h { for x in 0..<w {
                    out[((y * w + x) * i + b) * o + a] = tensor.scalars[((a * i + b) * h + y) * w + x]
                } } } }
            }
        default:
            return tensor
        }
    }
}
