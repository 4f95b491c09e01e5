import Descent
import Foundation
import Testing

/// `descent zoo` and `predict --logits` through the executable: model folders that work with
/// summary and predict, and bad requests that write nothing.
@Suite struct ZooCommandTests {
    static let fixtures = PersistenceCommandTests.repository.appendingPathComponent("Tests/DescentTests/Zoo/Fixtures")

    @Test func listShowsEveryArchitectureWithTorchvisionsParameterCount() throws {
        let result = try Descent.run(["zoo", "list"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("resnet18        11,689,512 parameters"))
        #expect(result.standardOutput.split(separator: "\n").count == ModelZoo.names.count)
    }

    @Test func aBuiltModelSummarizesAndPredictsLogits() throws {
        let folder = Descent.temporaryFolder()
        let model = folder.appendingPathComponent("resnet18")
        let build = try Descent.run(["zoo", "build", "resnet18", "--classes", "3", "--input", "32,32,3", "--seed", "4", "--output", model.path])
        #expect(build.status == 0, "\(build.standardError)")
        let summary = try Descent.run(["summary", model.path])
        #expect(summary.standardOutput.contains("Connected to") && summary.standardOutput.contains("\"layer4.1.add\""))
        let file = folder.appendingPathComponent("images.npy")
        let pixels: [UInt8] = (0..<6_144).map { index in UInt8(truncatingIfNeeded: index * 37) }
        try PersistenceCommandTests.npy("|u1", "(2, 32, 32, 3)", pixels).write(to: file)
        let logits = try Descent.run(["predict", "--model", model.path, "--images", file.path, "--logits", "--json"])
        #expect(logits.status == 0, "\(logits.standardError)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(logits.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.count == 2 && rows.allSatisfy { ($0["logits"] as? [Double])?.count == 3 && $0["prediction"] is String })
        let wrongShape = try Descent.run(["predict", "--model", model.path, "--data", "spirals", "--logits"])
        #expect(wrongShape.status == 2 && wrongShape.standardError == "error: the model takes samples of shape [32, 32, 3], --data 'spirals' has [2]\n")
        let probabilities = try Descent.run(["predict", "--model", model.path, "--images", file.path, "--json"])
        let first = try #require((try JSONSerialization.jsonObject(with: Data(probabilities.standardOutput.utf8)) as? [[String: Any]])?.first)
        #expect(abs(["0", "1", "2"].compactMap { first[$0] as? Double }.reduce(0, +) - 1) < 1e-5)
    }

    @Test(arguments: [
        (["resnet18", "--classes", "10", "--input", "8,8,3"], "error: invalid input shape '[8, 8, 3]': expected at least 32×32 pixels for resnet18"),
        (["resnet18", "--classes", "10", "--input", "32,32"], "error: invalid input shape '[32, 32]': expected [height, width, channels]"),
        (["mobilenet_v2", "--classes", "10", "--input", "64,64,3", "--weights", "resnet18.pth"], "error: "),
        (["mobilenet_v2", "--classes", "10", "--input", "64,64,3", "--weights", "missing.pth"], "error: "),
        (["vgg12", "--classes", "10", "--input", "32,32,3"], "error: invalid model 'vgg12'"),
    ])
    func badRequestsExitTwoAndWriteNothing(_ arguments: [String], _ message: String) throws {
        let output = Descent.temporaryFolder().appendingPathComponent("model")
        let resolved = arguments.map { $0.hasSuffix(".pth") ? Self.fixtures.appendingPathComponent($0).path : $0 }
        let result = try Descent.run(["zoo", "build"] + resolved + ["--output", output.path])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix(message) && result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func aWrongCheckpointNamesTheKeys() throws {
        let output = Descent.temporaryFolder().appendingPathComponent("model")
        let result = try Descent.run(["zoo", "build", "mobilenet_v2", "--classes", "10", "--input", "64,64,3",
                                      "--weights", Self.fixtures.appendingPathComponent("resnet18.pth").path, "--output", output.path])
        #expect(result.standardError.contains("has no tensor for 262 parameters: features.0.0.weight"), "\(result.standardError)")
        #expect(result.standardError.contains("the model does not: bn1.bias"))
    }
}
