@testable import Descent
import Foundation
import Testing

/// The zoo against PyTorch: reduced-width torchvision networks written by
/// `Fixtures/make_zoo_fixtures.py` (torch 2.13), loaded strictly by name, give torch's logits;
/// full-size networks have torchvision's parameter names, shapes and counts.
@Suite struct ModelZooTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// (name, scale, input size) of each fixture.
    static let cases: [(String, ModelZoo.Scale, Int)] = [
        ("resnet18", ModelZoo.Scale(resNetWidth: 8), 32),
        ("vgg11", ModelZoo.Scale(vggDivisor: 16, vggHidden: 32), 32),
        ("vgg11_bn", ModelZoo.Scale(vggDivisor: 16, vggHidden: 32), 32),
        ("mobilenet_v2", ModelZoo.Scale(mobileNetWidth: 0.25), 64),
    ]

    /// `key shape` lines of the fixture's state_dict, without `num_batches_tracked`.
    static func torchKeys(_ name: String) throws -> [(String, [Int])] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("\(name)_keys.txt"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[1] != "scalar" else { return nil }
            return (String(parts[0]), parts[1].split(separator: ",").map { Int($0)! })
        }
    }

    @Test(arguments: cases.map(\.0))
    func logitsEqualPyTorchsWithinOneInTenThousand(_ name: String) throws {
        let (_, scale, size) = Self.cases.first { $0.0 == name }!
        let model = try ModelZoo.build(name, classes: 10, inputShape: [size, size, 3], scale: scale)
        try model.importPyTorchWeights(from: Self.fixtures.appendingPathComponent("\(name).pth"), strict: true)
        model.eval()
        let input = try ArrayFile.read(Self.fixtures.appendingPathComponent("\(name)_input.npy").path)
        let expected = try ArrayFile.read(Self.fixtures.appendingPathComponent("\(name)_logits.npy").path)
        let logits = model(Tensor(shape: input.shape, scalars: input.values))
        #expect(logits.shape == expected.shape)
        for row in 0..<expected.shape[0] {
            let range = (row * 10)..<(row * 10 + 10)
            let largest = expected.values[range].map(abs).max()!
            let worst = zip(logits.scalars[range], expected.values[range]).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-4 * largest, "\(name) row \(row): |Δ| \(worst) against largest logit \(largest)")
        }
    }

    @Test(arguments: cases.map(\.0))
    func parameterPathsAndShapesAreTorchvisions(_ name: String) throws {
        let (_, scale, size) = Self.cases.first { $0.0 == name }!
        let model = try ModelZoo.build(name, classes: 10, inputShape: [size, size, 3], scale: scale)
        let torch = try Self.torchKeys(name)
        #expect(model.parameters.map(\.path) == torch.map(\.0))
        for ((path, parameter), (_, shape)) in zip(model.parameters, torch) {
            #expect(parameter.value.count == shape.reduce(1, *), "\(path): \(parameter.value.shape) against torch's \(shape)")
        }
    }

    /// torchvision's parameter counts at 1000 classes (weights and biases; BatchNorm's running
    /// statistics are buffers, not parameters, in torch).
    @Test func fullSizeNetworksHaveTorchvisionsParameterCounts() throws {
        let expected = ["resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032, "vgg11": 132_863_336,
                        "vgg11_bn": 132_868_840, "vgg16": 138_357_544, "vgg16_bn": 138_365_992, "mobilenet_v2": 3_504_872]
        for name in ModelZoo.names {
            #expect(try ModelZoo.parameterCount(name) == expected[name], "\(name)")
        }
    }

    @Test func badRequestsAreOneLineErrors() {
        func message(_ body: () throws -> Void) -> String { do { try body(); return "no error" } catch { return "\(error)" } }
        #expect(message { _ = try ModelZoo.build("resnet18", classes: 10, inputShape: [8, 8, 3]) }
                == "invalid input shape '[8, 8, 3]': expected at least 32×32 pixels for resnet18, which halves the image 5 times; resize the images")
        #expect(message { _ = try ModelZoo.build("resnet19", classes: 10, inputShape: [32, 32, 3]) }.hasPrefix("invalid model 'resnet19': expected one of vgg11"))
        #expect(message { _ = try ModelZoo.build("vgg11", classes: 0, inputShape: [32, 32, 3]) } == "invalid classes '0': expected an integer ≥ 1")
    }

    /// Strict loading: a file for another network names the missing and unexpected keys and
    /// changes nothing.
    @Test func aCheckpointOfAnotherShapeIsRefusedWholly() throws {
        let model = try ModelZoo.build("resnet18", classes: 10, inputShape: [32, 32, 3], scale: ModelZoo.Scale(resNetWidth: 16))
        let before = model.weightTensors.mapValues(\.scalars)
        let error = #expect(throws: DescentError.self) {
            try model.importPyTorchWeights(from: Self.fixtures.appendingPathComponent("resnet18.pth"), strict: true)
        }
        #expect("\(error!)".contains("tensor 'conv1.weight' has PyTorch shape [8, 3, 7, 7]"))
        #expect(model.weightTensors.mapValues(\.scalars) == before)
        let vgg = try ModelZoo.build("vgg11", classes: 10, inputShape: [32, 32, 3], scale: ModelZoo.Scale(vggDivisor: 16, vggHidden: 32))
        let mismatch = #expect(throws: DescentError.self) {
            try vgg.importPyTorchWeights(from: Self.fixtures.appendingPathComponent("vgg11_bn.pth"), strict: true)
        }
        #expect("\(mismatch!)".contains("the model does not: features.1.bias"))
    }
}
