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
    /// (`num_batches_tracked`) are ignored. Throws naming the file when a tensor is missing or
    /// its shape does not fit; nothing is changed then.
    ///
    /// ```python
    /// torch.save(torch_model.state_dict(), "base.pth")  # or safetensors.torch.save_file(…)
    /// ```
    /// ```swift
    /// try model.importPyTorchWeights(from: URL(fileURLWithPath: "base.pth"),
    ///                                mapping: ["0.weight": "features.0.weight", "0.bias": "features.0.bias"])
    /// ```
    public func importPyTorchWeights(from url: URL, mapping: [String: String] = [:]) throws {
        let tensors = try Self.pyTorchTensors(at: url)
        var converted: [String: Tensor] = [:]
        for (path, parameter) in parameters {
            let name = mapping[path] ?? path
            guard let tensor = tensors[name] else {
                throw DescentError.file(path: url.path, problem: "has no tensor '\(name)' for parameter \(path) (shape \(parameter.value.shape)); pass a mapping, e.g. [\"\(path)\": \"fc.weight\"]. It holds \(tensors.keys.sorted().prefix(10).joined(separator: ", "))")
            }
            let value = Self.fromPyTorchLayout(tensor)
            guard value.shape == parameter.value.shape else {
                throw DescentError.file(path: url.path, problem: "tensor '\(name)' has PyTorch shape \(tensor.shape), which gives \(value.shape), but parameter \(path) needs \(parameter.value.shape)")
            }
            converted[path] = value
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
