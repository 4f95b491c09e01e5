import Foundation
import Testing

/// The zoo's torchvision fixtures (`Tests/DescentTests/Zoo/Fixtures`).
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("DescentTests/Zoo/Fixtures")

/// `descent experiment transfer` end to end, with the reduced-width MobileNetV2 fixture
/// standing in for torchvision's weights: files, table, a reused folder, bad input.
@Suite struct TransferCommandTests {
    static let tiny = ["--per-class", "1", "--validation-per-class", "1", "--epochs", "2", "--fine-tune-epochs", "1"]

    @Test func writesTheCSVChartReportAndTableAndRefusesItsFolderAfter() throws {
        let output = Descent.temporaryFolder().appendingPathComponent("transfer")
        let arguments = ["experiment", "transfer", "--weights", fixtures.appendingPathComponent("mobilenet_v2.pth").path] + Self.tiny + ["--output", output.path]
        let result = try Descent.run(arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let csv = try String(contentsOf: output.appendingPathComponent("transfer.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "per_class,run,epoch,val_accuracy,val_loss,train_loss" && csv.count == 1 + 2 + 2 + 3)
        #expect(result.standardOutput.contains("per class  run") && result.standardOutput.contains("0.001 → 0.0001"))
        for name in ["transfer.svg", "report.html", "1-per-class/frozen/report.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "missing \(name)")
        }
        let again = try Descent.run(arguments)
        #expect(again.status == 2 && again.standardError.split(separator: "\n").count == 1)
        #expect(again.standardError.contains("holds an earlier transfer study"), "\(again.standardError)")
    }

    @Test(arguments: [
        (["--weights", "/nonexistent/mobilenet_v2.pth"], "/nonexistent/mobilenet_v2.pth: no such file"),
        (["--weights", fixtures.appendingPathComponent("mobilenet_v2_keys.txt").path], "mobilenet_v2_keys.txt: cannot be read as a PyTorch checkpoint (.pth) or safetensors file: "),
        (["--weights", fixtures.appendingPathComponent("resnet18.pth").path], "is not a torchvision MobileNetV2 state_dict"),
        (["--weights", fixtures.appendingPathComponent("mobilenet_v2.pth").path, "--per-class", "20,x"], "--per-class '20,x' must be a comma-separated list of positive integers"),
        (["--weights", fixtures.appendingPathComponent("mobilenet_v2.pth").path, "--per-class", "0"], "--per-class '0' must be"),
        (["--weights", fixtures.appendingPathComponent("mobilenet_v2.pth").path, "--per-class", "20,20"], "--per-class '20,20' lists a size twice"),
        (["--weights", fixtures.appendingPathComponent("mobilenet_v2.pth").path, "--epochs", "0"], "--epochs 0 must be at least 1"),
        (["--weights", fixtures.appendingPathComponent("mobilenet_v2.pth").path, "--learning-rate", "0"], "--learning-rate 0.0 must be a positive number"),
    ])
    func badInputExitsTwoWithOneLineAndWritesNothing(_ arguments: [String], _ message: String) throws {
        let output = Descent.temporaryFolder().appendingPathComponent("transfer")
        let result = try Descent.run(["experiment", "transfer"] + arguments + ["--output", output.path])
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func helpHasExamples() throws {
        let result = try Descent.run(["experiment", "transfer", "--help"])
        #expect(result.status == 0 && result.standardOutput.contains("Examples:") && result.standardOutput.contains("--weights"))
    }
}
