@testable import Descent
import Foundation
import Testing

/// The fixtures are written by `Fixtures/make_pth_fixtures.py` with torch 2.13.
@Suite struct PyTorchCheckpointTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    struct Expected: Decodable {
        var name: String
        var dtype: String
        var shape: [Int]
        var values: [Double]
    }

    static func expected() throws -> [Expected] {
        try JSONDecoder().decode([Expected].self, from: Data(contentsOf: fixtures.appendingPathComponent("expected.json")))
    }

    @Test(arguments: ["model.pth", "model-legacy.pth"])
    func readsTheValuesTorchSavedBitForBitInKeyOrder(file: String) throws {
        let tensors = try PyTorchCheckpoint.read(Self.fixture(file))
        let expected = try Self.expected()
        #expect(tensors.map(\.name) == expected.map(\.name))
        #expect(tensors.map(\.name).prefix(3) == ["0.weight", "0.bias", "1.weight"])
        for (entry, (name, tensor)) in zip(expected, tensors) {
            #expect(tensor.shape == entry.shape, "\(name)")
            #expect(tensor.scalars.map(\.bitPattern) == entry.values.map { Float($0).bitPattern }, "\(name) (\(entry.dtype))")
        }
    }

    @Test(arguments: ["model.pth", "model-legacy.pth"])
    func convertsDtypesAndHonoursStridesAndOffsets(file: String) throws {
        let tensors = Dictionary(try PyTorchCheckpoint.read(Self.fixture(file)), uniquingKeysWith: { a, _ in a })
        // base = arange(12).reshape(3, 4) * 0.5 - 1, saved as base.t(): stride (1, 4)
        let transposed = try #require(tensors["extra.transposed"])
        #expect(transposed.shape == [4, 3])
        var columns: [Float] = []
        for j in 0..<4 { for i in 0..<3 { columns.append(Float(i * 4 + j) * 0.5 - 1) } }
        #expect(transposed.scalars == columns)
        #expect(tensors["extra.narrow"]?.scalars == [3, 4, 5, 6])                   // storage offset 3
        #expect(tensors["extra.long"]?.scalars == [7, -3, 0x1p40])                   // int64
        #expect(tensors["extra.half"]?.scalars == [0.5, -1.25, 65504])               // float16
        #expect(tensors["extra.double"]?.scalars == [0.1, -2.5, 1e-3, 3, 4.25, -0.0]) // float64, rounded
        #expect(tensors["1.num_batches_tracked"]?.scalars == [3])                    // int64, kept
    }

    @Test(arguments: [
        ("malicious.pth", "refuses the global os.system: a state dict holds only OrderedDict, tensors and storages (torch.load(weights_only=True) refuses it too)"),
        ("unknown-opcode.pth", "refuses pickle opcode 0x69 'i' at byte"),
        ("truncated.pth", "truncated"),
        ("expected.json", "not a PyTorch checkpoint: neither a zip archive nor a pickle"),
        ("make_pth_fixtures.py", "not a PyTorch checkpoint"),
    ])
    func refusesBadFilesWithOneLineNamingTheProblem(file: String, problem: String) throws {
        let path = Self.fixture(file)
        do {
            _ = try PyTorchCheckpoint.read(path)
            Issue.record("\(file) was read")
        } catch let error as DescentError {
            let message = "\(error)"
            #expect(message.hasPrefix(path + ": "))
            #expect(message.contains(problem), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test func refusesATensorPastItsStorageAndAMissingStorage() throws {
        var zip = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("model.pth")))
        // '0.weight' is stored first with numel 24 (BININT1 24): claim 25 elements, one past the entry's 96 bytes.
        let pattern: [UInt8] = [0x58, 0x03, 0, 0, 0] + Array("cpu".utf8) + [0x71, 0x07, 0x4B, 24]
        let at = try #require((0...zip.count - pattern.count).first { zip[$0..<$0 + pattern.count].elementsEqual(pattern) })
        zip[at + pattern.count - 1] = 25
        #expect(throws: DescentError.file(path: "x", problem: "truncated: storage '0' of tensor '0.weight' has 96 bytes, fewer than its 25 elements need")) {
            try PyTorchCheckpoint.read(zip, source: "x")
        }
        zip[at + pattern.count - 1] = 24
        let entry = Array("model/data/0".utf8)
        for index in (0...zip.count - entry.count) where zip[index..<index + entry.count].elementsEqual(entry) {
            zip[index + entry.count - 1] = UInt8(ascii: "Z")
        }
        #expect(throws: DescentError.file(path: "x", problem: "storage '0' of tensor '0.weight' is missing from the file")) {
            try PyTorchCheckpoint.read(zip, source: "x")
        }
    }

    @Test(arguments: ["model.pth", "model-legacy.pth"])
    func everyTruncationThrowsInsteadOfCrashing(file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        for length in Array(stride(from: 0, to: bytes.count, by: 5)) + [bytes.count - 1] {
            #expect(throws: DescentError.self, "\(length) bytes") { try PyTorchCheckpoint.read(Array(bytes.prefix(length)), source: file) }
        }
    }

    @Test func refusesACompressedZipEntry() throws {
        var zip = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("model.pth")))
        let central: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let at = try #require((0...zip.count - 4).first { zip[$0..<$0 + 4].elementsEqual(central) })
        zip[at + 10] = 8  // method: deflate
        #expect(throws: DescentError.file(path: "x", problem: "entry model/data.pkl is compressed (method 8); torch.save stores entries uncompressed, so re-save the state dict with torch.save")) {
            try PyTorchCheckpoint.read(zip, source: "x")
        }
    }

    static func model() -> Sequential {
        Sequential {
            Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: (2, 2))
            BatchNorm(featureCount: 3)
            ReLU()
            Flatten()
            Dense(inputSize: 12, outputSize: 2)
        }
    }

    @Test func importsTheSameWeightsFromPthLegacyAndSafeTensors() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let read = try PyTorchCheckpoint.read(Self.fixture("model.pth"))
        try SafeTensors(tensors: Dictionary(read, uniquingKeysWith: { a, _ in a })).write(to: url)
        let models = try [Self.fixtures.appendingPathComponent("model.pth"), Self.fixtures.appendingPathComponent("model-legacy.pth"), url].map { source in
            let model = Self.model()
            try model.importPyTorchWeights(from: source)
            return model.parameters.map { ($0.path, $0.parameter.value.scalars) }
        }
        #expect(models[0].map(\.0) == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "4.weight", "4.bias"])
        for other in models.dropFirst() { #expect(other.map(\.1) == models[0].map(\.1)) }
        let conv = try #require(read.first { $0.name == "0.weight" }?.tensor)
        #expect(models[0][0].1 == Sequential.fromPyTorchLayout(conv).scalars)  // OIHW → HWIO
    }
}
