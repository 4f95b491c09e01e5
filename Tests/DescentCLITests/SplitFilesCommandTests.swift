import Descent
import Foundation
import Testing

/// `descent train` on the user's own train/validation/test files, and `evaluate`/`predict` on
/// image files, as a user coming with MNIST's `train-*`/`t10k-*` files or three CSVs would.
@Suite struct SplitFilesCommandTests {
    /// IDX images [count, 6, 6] (gzipped when the name ends in .gz) and labels 0, 1, 2, 0, … .
    static func idxPair(_ prefix: String, count: Int, seed: Int, in folder: URL) throws -> (images: String, labels: String) {
        var images: [UInt8] = [0, 0, 0x08, 3] + [count, 6, 6].flatMap { withUnsafeBytes(of: UInt32($0).bigEndian, Array.init) }
        images += (0..<(count * 36)).map { UInt8(truncatingIfNeeded: ($0 * 29 + seed * 11 + ($0 / 36 % 3) * 40) % 256) }
        let labels: [UInt8] = [0, 0, 0x08, 1] + withUnsafeBytes(of: UInt32(count).bigEndian, Array.init) + (0..<count).map { UInt8($0 % 3) }
        let (imageURL, labelURL) = (folder.appendingPathComponent("\(prefix)-images.idx"), folder.appendingPathComponent("\(prefix)-labels.idx"))
        try Data(images).write(to: imageURL)
        try Data(labels).write(to: labelURL)
        return (imageURL.path, labelURL.path)
    }

    static func csv(_ name: String, rows: Int, offset: Int, in folder: URL) throws -> String {
        let lines = (0..<rows).map { i in "\((i + offset) % 7),\(((i + offset) * 3) % 5),\(["a", "b"][(i + offset) % 2])" }
        return try OrdinaryMistakesTests.file(name, "x1,x2,y\n" + lines.joined(separator: "\n") + "\n").path
    }

    @Test func threeCSVFilesFromFlagsPrintAndReplayTheSameRun() throws {
        let folder = Descent.temporaryFolder()
        let train = try Self.csv("train.csv", rows: 80, offset: 0, in: folder)
        let validation = try Self.csv("validation.csv", rows: 20, offset: 3, in: folder)
        let test = try Self.csv("test.csv", rows: 25, offset: 5, in: folder)
        let flags = ["--data", train, "--label", "y", "--validation-data", validation, "--test-data", test, "--epochs", "3", "--hidden", "8"]
        let printed = try Descent.run(["train", "--print-config"] + flags + ["--output", folder.appendingPathComponent("a").path])
        #expect(printed.status == 0, "\(printed.standardError)")
        #expect(printed.standardOutput.contains("validation_csv: \(validation)") && printed.standardOutput.contains("test_csv: \(test)"))
        #expect(!printed.standardOutput.contains("split:"))
        let run = try Descent.run(["train", "--quiet"] + flags + ["--output", folder.appendingPathComponent("a").path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("test_accuracy="))
        let replay = try Descent.run(["train", "--quiet", folder.appendingPathComponent("a/experiment.yaml").path, "--output", folder.appendingPathComponent("b").path])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(try String(contentsOf: folder.appendingPathComponent("a/history.csv"), encoding: .utf8)
                == String(contentsOf: folder.appendingPathComponent("b/history.csv"), encoding: .utf8))
        let evaluated = try Descent.run(["evaluate", "--model", folder.appendingPathComponent("a").path, "--data", test, "--label", "y"])
        #expect(evaluated.status == 0 && evaluated.standardOutput.contains("samples=25"), "\(evaluated.standardError)")
    }

    @Test func imageFilesTrainEvaluateAndPredict() throws {
        let folder = Descent.temporaryFolder()
        let train = try Self.idxPair("train", count: 60, seed: 0, in: folder)
        let validation = try Self.idxPair("validation", count: 12, seed: 1, in: folder)
        let test = try Self.idxPair("t10k", count: 15, seed: 2, in: folder)
        let run = folder.appendingPathComponent("run").path
        let trained = try Descent.run(["train", "--quiet", "--images", train.images, "--labels", train.labels,
                                       "--validation-images", validation.images, "--validation-labels", validation.labels,
                                       "--test-images", test.images, "--test-labels", test.labels,
                                       "--model", "cnn", "--filters", "4", "--hidden", "8", "--epochs", "2", "--output", run])
        #expect(trained.status == 0, "\(trained.standardError)")
        let history = try String(contentsOf: URL(fileURLWithPath: run).appendingPathComponent("history.csv"), encoding: .utf8)
        #expect(history.contains("val_accuracy"))
        let evaluated = try Descent.run(["evaluate", "--model", run, "--images", test.images, "--labels", test.labels, "--json"])
        #expect(evaluated.status == 0, "\(evaluated.standardError)")
        #expect(evaluated.standardOutput.contains("\"samples\": 15"))
        let predicted = try Descent.run(["predict", "--model", run, "--images", test.images, "--json"])
        #expect(predicted.status == 0, "\(predicted.standardError)")
        #expect(predicted.standardOutput.components(separatedBy: "\"prediction\"").count == 16)
        // the test accuracy train printed is evaluate's on the same file
        let accuracy = trained.standardOutput.split(separator: " ").first { $0.hasPrefix("test_accuracy=") }
        let evaluatedAccuracy = evaluated.standardOutput.split(separator: ",").first { $0.contains("\"accuracy\"") }
        #expect(accuracy != nil && evaluatedAccuracy != nil)
        if let accuracy, let evaluatedAccuracy, let printed = Double(accuracy.dropFirst("test_accuracy=".count)),
           let exact = Double(evaluatedAccuracy.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) {
            #expect(abs(printed - exact) < 1e-4)
        }
    }

    @Test func mistakesWithSplitFilesAreOneLineErrors() throws {
        let folder = Descent.temporaryFolder()
        let train = try Self.idxPair("train", count: 30, seed: 0, in: folder)
        let short = try Self.idxPair("short", count: 5, seed: 0, in: folder)
        let csv = try Self.csv("train.csv", rows: 30, offset: 0, in: folder)
        let output = folder.appendingPathComponent("run").path
        func expect(_ arguments: [String], _ message: String) throws { try OrdinaryMistakesTests.expectOneLineError(arguments, message) }
        try expect(["train", "--images", train.images, "--labels", train.labels, "--validation-images", short.images, "--output", output],
                   "--validation-images needs --validation-labels FILE")
        try expect(["train", "--images", train.images, "--labels", train.labels, "--test-images", short.images, "--test-labels", train.labels, "--output", output],
                   "30 labels for 5 images")
        try expect(["train", "--images", train.images, "--labels", train.labels, "--validation-data", csv, "--output", output],
                   "--validation-data is a CSV; beside --images give --validation-images and -labels")
        try expect(["train", "--data", csv, "--label", "y", "--test-data", csv, "--split", "0.7,0.15", "--output", output],
                   "--split '0.7,0.15': with a test file, give the validation share of the training file")
        try expect(["evaluate", "--model", output, "--images", train.images], "--images needs --labels FILE to evaluate against")
        try expect(["train", "--data", csv, "--label", "y", "--split", "0.8,0.3", "--output", output], "--split '0.8,0.3' must be two fractions")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func evaluateOnImagesOfAnotherShapeNamesBothShapes() throws {
        let folder = Descent.temporaryFolder()
        let train = try Self.idxPair("train", count: 30, seed: 0, in: folder)
        let run = folder.appendingPathComponent("run").path
        let trained = try Descent.run(["train", "--quiet", "--images", train.images, "--labels", train.labels, "--epochs", "1", "--hidden", "4", "--output", run])
        #expect(trained.status == 0, "\(trained.standardError)")
        var other: [UInt8] = [0, 0, 0x08, 3] + [2, 5, 5].flatMap { withUnsafeBytes(of: UInt32($0).bigEndian, Array.init) }
        other += [UInt8](repeating: 7, count: 50)
        let otherURL = folder.appendingPathComponent("other.idx")
        try Data(other).write(to: otherURL)
        try OrdinaryMistakesTests.expectOneLineError(["predict", "--model", run, "--images", otherURL.path],
                                                     "other.idx: holds images of shape [5, 5, 1], the model takes [6, 6, 1]")
    }
}
