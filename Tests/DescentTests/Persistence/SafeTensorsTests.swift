@testable import Descent
import Foundation
import Testing

@Suite struct SafeTensorsTests {
    /// Written by Python `safetensors` 0.8.0 (numpy 2.4.6):
    /// `save({'0.weight': [[1, -2, 0.5], [3.25, 0, -1.5]], '0.bias': [0.125, -0.25, 4]} as float32,
    /// metadata={'format': 'pt'})`.
    static let pythonFile = Data(base64Encoded: "oAAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCJ9LCIwLmJpYXMiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzNdLCJkYXRhX29mZnNldHMiOlswLDEyXX0sIjAud2VpZ2h0Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyLDNdLCJkYXRhX29mZnNldHMiOlsxMiwzNl19fSAgICAgAAAAPgAAgL4AAIBAAACAPwAAAMAAAAA/AABQQAAAAAAAAMC/")!

    static let weight = Tensor([[1, -2, 0.5], [3.25, 0, -1.5]])
    static let bias = Tensor([0.125, -0.25, 4])

    @Test func readsAFileWrittenByPython() throws {
        let file = try SafeTensors(data: Self.pythonFile)
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors["0.weight"]?.shape == [2, 3])
        #expect(file.tensors["0.weight"]?.scalars == Self.weight.scalars)
        #expect(file.tensors["0.bias"]?.scalars == Self.bias.scalars)
    }

    @Test func writesTheSameBytesAsPython() {
        let file = SafeTensors(tensors: ["0.weight": Self.weight, "0.bias": Self.bias], metadata: ["format": "pt"])
        #expect(file.encoded() == Self.pythonFile)
    }

    /// Built by hand from the specification: length 8+n, header padded to 8 bytes, LE data.
    @Test func readsAFileWrittenByHandFromTheSpec() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}"#
        let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        var bytes = withUnsafeBytes(of: UInt64(padded.utf8.count).littleEndian) { Array($0) }
        bytes += Array(padded.utf8)
        bytes += [0x00, 0x00, 0x80, 0x3F]  // 1.0
        bytes += [0x00, 0x00, 0x20, 0xC0]  // −2.5
        bytes += [0xFE, 0xFF, 0xFF, 0xFF]  // Int32 −2
        let file = try SafeTensors(data: Data(bytes))
        #expect(file.tensors["a"]?.scalars == [1, -2.5])
        #expect(file.tensors["b"]?.scalars == [-2])
        #expect(file.storedTypes == ["a": "F32", "b": "I32"])
        #expect(file.metadata.isEmpty)
    }

    @Test func roundTripsThroughAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let tensors = ["w": Tensor.randomNormal([3, 5], generator: RandomGenerator(seed: 1)), "scalar": Tensor(2), "empty": Tensor.zeros([0, 4])]
        try SafeTensors(tensors: tensors, metadata: ["note": "quote \" backslash \\ newline \n é"]).write(to: url)
        let loaded = try SafeTensors(contentsOf: url)
        for (name, tensor) in tensors {
            #expect(loaded.tensors[name]?.shape == tensor.shape)
            #expect(loaded.tensors[name]?.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
        }
        #expect(loaded.metadata["note"] == "quote \" backslash \\ newline \n é")
    }

    /// Each damage gives its own message, naming the file.
    @Test(arguments: [
        ("truncated file", "truncated: the tensors need 36 bytes"),
        ("truncated length", "truncated: 5 bytes"),
        ("header longer than file", "truncated: the header claims"),
        ("corrupted header", "corrupted header: not a JSON object"),
        ("gap between tensors", "leaves a gap"),
        ("overlapping tensors", "overlaps the previous tensor"),
        ("wrong byte count", "needs 24 bytes but data_offsets [12, 32] span 20"),
        ("trailing bytes", "4 bytes follow the last tensor"),
        ("unknown dtype", "has dtype F8_E9M9"),
    ])
    func damagedFilesAreRefused(_ damage: String, _ message: String) {
        let bytes = Self.damaged(damage)
        do {
            _ = try SafeTensors(data: Data(bytes), source: "weights.safetensors")
            Issue.record("\(damage) was accepted")
        } catch {
            #expect("\(error)".hasPrefix("weights.safetensors: "), "\(error)")
            #expect("\(error)".contains(message), "\(damage): \(error)")
        }
    }

    /// The Python file with one kind of damage.
    static func damaged(_ damage: String) -> [UInt8] {
        let original = [UInt8](pythonFile)
        func withHeader(_ header: String) -> [UInt8] {
            let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
            return withUnsafeBytes(of: UInt64(padded.utf8.count).littleEndian) { Array($0) } + Array(padded.utf8) + original.suffix(36)
        }
        switch damage {
        case "truncated file": return Array(original.dropLast(5))
        case "truncated length": return Array(original.prefix(5))
        case "header longer than file": return [0x00, 0x10, 0, 0, 0, 0, 0, 0] + original.dropFirst(8)
        case "corrupted header": return original.enumerated().map { $0.offset == 8 ? UInt8(ascii: "x") : $0.element }
        case "gap between tensors":
            return withHeader(#"{"0.bias":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[20,36]}}"#)
        case "overlapping tensors":
            return withHeader(#"{"0.bias":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"0.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[8,32]},"x":{"dtype":"F32","shape":[1],"data_offsets":[32,36]}}"#)
        case "wrong byte count":
            return withHeader(#"{"0.bias":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"0.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[12,32]},"x":{"dtype":"F32","shape":[1],"data_offsets":[32,36]}}"#)
        case "trailing bytes":
            return withHeader(#"{"0.bias":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"0.weight":{"dtype":"F32","shape":[5],"data_offsets":[12,32]}}"#)
        default:
            return withHeader(#"{"0.bias":{"dtype":"F8_E9M9","shape":[3],"data_offsets":[0,12]},"0.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[12,36]}}"#)
        }
    }

    /// `save({... '2.weight': float16, '2.bias': float64, 'steps': int64})` of a PyTorch-style
    /// `nn.Sequential(Linear(2, 3), ReLU(), Linear(3, 2))` state dict, by Python safetensors 0.8.0.
    static let pyTorchFile = Data(base64Encoded: "UAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCJ9LCJzdGVwcyI6eyJkdHlwZSI6Ikk2NCIsInNoYXBlIjpbMV0sImRhdGFfb2Zmc2V0cyI6WzAsOF19LCIyLmJpYXMiOnsiZHR5cGUiOiJGNjQiLCJzaGFwZSI6WzJdLCJkYXRhX29mZnNldHMiOls4LDI0XX0sIjAuYmlhcyI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbM10sImRhdGFfb2Zmc2V0cyI6WzI0LDM2XX0sIjAud2VpZ2h0Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlszLDJdLCJkYXRhX29mZnNldHMiOlszNiw2MF19LCIyLndlaWdodCI6eyJkdHlwZSI6IkYxNiIsInNoYXBlIjpbMiwzXSwiZGF0YV9vZmZzZXRzIjpbNjAsNzJdfX0HAAAAAAAAAAAAAAAAAOA/AAAAAAAA4L/NzMw9zcxMPpqZmb4AAAA/AACAvwAAAEAAAIA+AABAvwAAwD8APAC8ADgAAABAAMA=")!

    @Test func importsPyTorchWeightsTransposingLinearLayers() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.pyTorchFile.write(to: url)
        let model = Sequential { Dense(inputSize: 2, outputSize: 3); ReLU(); Dense(inputSize: 3, outputSize: 2) }
        try model.importPyTorchWeights(from: url)
        // NumPy: relu(x @ W1ᵀ + b1) @ W2ᵀ + b2 for x = [[1, 2], [-1, 0.5]]
        let y = model(Tensor([[1, 2], [-1, 0.5]]))
        let expected: [Float] = [-1.225000023841858, 1.0, 1.100000023841858, -2.9000000953674316]
        for (a, b) in zip(y.scalars, expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func pyTorchImportNamesTheMissingTensor() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.pyTorchFile.write(to: url)
        let model = Sequential { Dense(inputSize: 2, outputSize: 3) }
        #expect(throws: DescentError.self) { try model.importPyTorchWeights(from: url, mapping: ["0.weight": "fc.weight"]) }
        let kernel = Tensor(shape: [2, 3, 1, 1], scalars: [1, 2, 3, 4, 5, 6])  // OIHW, O = 2, I = 3
        let hwio = Sequential.fromPyTorchLayout(kernel)
        #expect(hwio.shape == [1, 1, 3, 2])
        #expect(hwio.scalars == [1, 4, 2, 5, 3, 6])
    }
}
