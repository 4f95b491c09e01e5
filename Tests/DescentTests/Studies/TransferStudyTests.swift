@testable import Descent
import Foundation
import Testing

/// `TransferStudy` on the reduced-width MobileNetV2 fixture (torchvision, α = 0.25, 10
/// classes) as the "pretrained" network: a tiny study of 2 images per class, so that every run
/// trains in seconds; the real weights are never needed.
@Suite struct TransferStudyTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Zoo/Fixtures")
    static let weights = fixtures.appendingPathComponent("mobilenet_v2.pth")

    static func tinyStudy() throws -> TransferStudy {
        try TransferStudy(weights: weights, perClass: [2], validationPerClass: 1, epochs: 2, fineTuneEpochs: 1, batchSize: 10, seed: 3)
    }

    /// The tiny study, run once for the tests that read its folder.
    static let tiny = Result { () throws -> (study: TransferStudy, results: TransferResults, folder: URL) in
        let folder = temporaryFolder().appendingPathComponent("transfer")
        let study = try tinyStudy()
        return (study, try study.run(output: folder), folder)
    }

    static func tinyRun() throws -> (study: TransferStudy, results: TransferResults, folder: URL) { try tiny.get() }

    /// The saved weights of one run of the tiny study.
    static func weights(of run: TransferStudy.Run, in folder: URL) throws -> [String: [Float]] {
        try SavedModel.load(from: folder.appendingPathComponent("2-per-class/\(run.rawValue)/model")).model.weightTensors.mapValues(\.scalars)
    }

    @Test func threeRunsPerSizeWithCurvesOfTheirLengthAndTheFiles() throws {
        let (study, results, folder) = try Self.tinyRun()
        #expect(results.base.classes == 10 && results.base.widthMultiplier == 0.25)
        #expect(results.curves.map(\.run) == [.scratch, .frozen, .fineTune])
        #expect(results.curves.map(\.points.count) == [2, 2, 3])
        #expect(results.curves.allSatisfy { $0.points.allSatisfy { $0.validationAccuracy.isFinite && $0.trainingLoss.isFinite } })
        let csv = try String(contentsOf: folder.appendingPathComponent("transfer.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "per_class,run,epoch,val_accuracy,val_loss,train_loss" && csv.count == 1 + 7)
        #expect(csv.last?.hasPrefix("2,fine-tune,3,") == true)
        for name in ["transfer.svg", "report.html", "transfer.yaml", "data/train-2-images.npy", "data/validation-labels.npy",
                     "base/pretrained/weights.safetensors", "base/scratch/architecture.json", "2-per-class/fine-tune/history-fine-tune.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "missing \(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("2-per-class/scratch/checkpoints").path))
        let svg = try String(contentsOf: folder.appendingPathComponent("transfer.svg"), encoding: .utf8)
        func points(_ run: String) -> Int? {
            svg.components(separatedBy: "data-series=\"\(run)\" points=\"").dropFirst().first?.prefix { $0 != "\"" }.split(separator: " ").count
        }
        #expect(points("scratch") == 2 && points("frozen") == 2 && points("fine-tune") == 2, "fine-tune drawn from the last frozen epoch on")
        let images = try ArrayFile.read(folder.appendingPathComponent("data/train-2-images.npy").path)
        #expect(images.shape == [20, 64, 64, 3] && images.dataType == "uint8")
        let setup = try ExperimentSetup(try study.experiment(.frozen, perClass: 2, study: folder, base: results.base))
        #expect(setup.parts.train.count == 20 && setup.parts.validation.count == 10 && setup.parts.test.count == 0)
        #expect(setup.preprocessing?.offset == Preprocessing.imageNet.offset && setup.preprocessing?.scale == Preprocessing.imageNet.scale)
    }

    /// The frozen run changes the head alone; the fine-tune run trains on from the frozen run's
    /// curve at η/10 and changes the blocks from features.14 on, nothing before them.
    @Test func frozenKeepsTheBodyAndFineTuningChangesOnlyTheTop() throws {
        let (study, results, folder) = try Self.tinyRun()
        let pretrained = results.base.pretrained.weightTensors.mapValues(\.scalars)
        let frozen = try Self.weights(of: .frozen, in: folder)
        let body = pretrained.keys.filter { !$0.hasPrefix("classifier.") }
        #expect(!body.isEmpty && body.allSatisfy { frozen[$0] == pretrained[$0] }, "a body weight of the frozen run changed")
        let initial = try ExperimentSetup(try study.experiment(.frozen, perClass: 2, study: folder, base: results.base)).model.weightTensors.mapValues(\.scalars)
        #expect(frozen["head.weight"] != nil && frozen["head.weight"] != initial["head.weight"] && frozen["head.bias"] != initial["head.bias"])

        let fineTuned = try Self.weights(of: .fineTune, in: folder)
        let first = try #require(results.base.pretrained.nodeIndex(named: try results.base.firstNode(of: "features.14")))
        func node(_ key: String) -> Int { results.base.pretrained.nodeIndex(named: String(key[..<key.lastIndex(of: ".")!]))! }
        let before = body.filter { node($0) < first }, after = body.filter { node($0) >= first }
        #expect(before.contains("features.13.conv.2.weight") && after.contains("features.14.conv.0.0.weight") && after.contains("features.18.0.weight"))
        #expect(before.allSatisfy { fineTuned[$0] == pretrained[$0] }, "a weight before features.14 changed")
        let unchanged = after.filter { fineTuned[$0] == pretrained[$0] }
        #expect(unchanged.isEmpty, "not fine-tuned: \(unchanged.sorted().prefix(5))")
        #expect(fineTuned["head.weight"] != frozen["head.weight"])

        let (frozenCurve, fineTuneCurve) = (results.curves[1], results.curves[2])
        #expect(Array(fineTuneCurve.points.prefix(2)) == frozenCurve.points, "the fine-tune run's first phase is the frozen run")
        #expect(fineTuneCurve.points.map { Float($0.learningRate) } == [study.learningRate, study.learningRate, study.learningRate / 10])
        #expect(fineTuneCurve.fineTuneStart == 2)
    }

    /// Start, slope and final of hand-made curves:
    /// [0.2, 0.3, 0.5, 0.6, 0.6, 0.9]: start 0.2, slope (a₅ − a₁)/4 = (0.6 − 0.2)/4 = 0.1, final 0.9;
    /// [0.4, 0.7, 0.8]: slope (0.8 − 0.4)/2 = 0.2; one epoch: no slope.
    @Test func startSlopeAndFinalAreAsDefined() {
        func curve(_ accuracies: [Double]) -> TransferCurve {
            TransferCurve(perClass: 20, run: .frozen, points: accuracies.map {
                TransferCurve.Point(validationAccuracy: $0, validationLoss: 1, trainingLoss: 1, learningRate: 0.001)
            })
        }
        let long = curve([0.2, 0.3, 0.5, 0.6, 0.6, 0.9])
        #expect(long.start == 0.2 && long.final == 0.9)
        #expect(abs(long.slope! - 0.1) < 1e-12)
        #expect(abs(curve([0.4, 0.7, 0.8]).slope! - 0.2) < 1e-12)
        #expect(curve([0.5]).slope == nil && curve([0.5]).start == 0.5 && curve([]).final == nil)
        #expect(long.summaryLine == "  20 per class  frozen      6 epochs  start 0.200  slope +0.100  final 0.900")
    }

    @Test func theTableShowsEachRunsNumbersAndLearningRates() throws {
        let (study, results, _) = try Self.tinyRun()
        #expect(TransferResults.tableHeader == ["per class", "run", "epochs", "learning rate", "start", "slope / epoch", "final"])
        let rows = results.tableRows
        #expect(rows.map { $0[1] } == ["scratch", "frozen", "fine-tune"])
        #expect(rows[1][3] == "0.001" && rows[2][3] == "0.001 → 0.0001" && rows[2][2] == "3")
        let frozen = results.curves[1]
        #expect(rows[1][4] == String(format: "%.3f", frozen.start!) && rows[1][6] == String(format: "%.3f", frozen.final!))
        #expect(rows[1][5] == String(format: "%+.3f", frozen.points[1].validationAccuracy - frozen.points[0].validationAccuracy))
        #expect(study.fineTuneLearningRate == study.learningRate / 10)
    }

    /// PyTorch's `interpolate([[0, 1], [2, 3]], size=4, mode="bilinear", align_corners=False)`.
    @Test func imagesAreResizedBilinearlyWithHalfPixelCentres() throws {
        let resized = TransferStudy.bilinear([0, 1, 2, 3], from: 2, to: 4)
        #expect(resized == [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3])
        let (pixels, labels) = try TransferStudy.images(count: 20, seed: 0)
        let expectedLabels: [UInt8] = (0..<20).map { UInt8($0 % 10) }
        #expect(pixels.count == 20 * 64 * 64 * 3 && labels == expectedLabels)
        let grey = stride(from: 0, to: pixels.count, by: 3).allSatisfy { (i: Int) -> Bool in pixels[i] == pixels[i + 1] && pixels[i] == pixels[i + 2] }
        #expect(grey, "the three channels are equal")
        #expect(pixels.min() == 0 && pixels.max()! > 128, "dark background, bright strokes, in 0–255")
    }

    @Test func npyFilesOfBytesReadBack() throws {
        let data = NPYFormat.file(bytes: [1, 2, 3, 250, 251, 252], shape: [2, 3])
        let file = try ArrayFile(parsing: [UInt8](data), path: "bytes.npy")
        #expect(file.shape == [2, 3] && file.dataType == "uint8" && file.values == [1, 2, 3, 250, 251, 252])
        #expect((data.count - 6) % 64 == 0, "the elements start at a multiple of 64 bytes")
        #expect(try ArrayFile(parsing: [UInt8](NPYFormat.file(bytes: [7], shape: [1])), path: "one.npy").shape == [1])
    }

    @Test func badSettingsAreOneLineErrors() throws {
        func message(_ body: () throws -> Void) -> String { do { try body(); return "no error" } catch { return "\(error)" } }
        let weights = Self.weights
        #expect(message { _ = try TransferStudy(weights: weights, perClass: []) }.hasPrefix("invalid per class '': expected training images per class"))
        #expect(message { _ = try TransferStudy(weights: weights, perClass: [20, 0]) }.hasPrefix("invalid per class '20,0'"))
        #expect(message { _ = try TransferStudy(weights: weights, perClass: [20, 20]) }.hasPrefix("invalid per class '20,20'"))
        #expect(message { _ = try TransferStudy(weights: weights, epochs: 0) } == "invalid epochs '0': expected an integer ≥ 1")
        #expect(message { _ = try TransferStudy(weights: weights, learningRate: -1) } == "invalid learning rate '-1.0': expected a positive number")
        #expect(message { _ = try TransferStudy(weights: weights, unfreezeFrom: "features.19") }
                == "invalid unfreeze from 'features.19': expected a block of MobileNetV2, features.0 … features.18")
        let missing = Self.fixtures.appendingPathComponent("absent.pth")
        #expect(message { _ = try TransferStudy(weights: missing) }
                == "\(missing.path): no such file; give torchvision's MobileNetV2 weights (mobilenet_v2-b0353104.pth)")
    }

    /// Another network's checkpoint and a file that is no checkpoint stop the study before it
    /// writes anything.
    @Test func wrongWeightsWriteNothing() throws {
        for (file, expected) in [("resnet18.pth", "is not a torchvision MobileNetV2 state_dict: it has no features.0.0.weight and classifier.1.weight (it holds bn1.bias"),
                                 ("mobilenet_v2_keys.txt", "mobilenet_v2_keys.txt: cannot be read as a PyTorch checkpoint (.pth) or safetensors file: ")] {
            let output = temporaryFolder().appendingPathComponent("transfer")
            let study = try TransferStudy(weights: Self.fixtures.appendingPathComponent(file), perClass: [1], validationPerClass: 1, epochs: 1, fineTuneEpochs: 1)
            let error = #expect(throws: DescentError.self) { try study.run(output: output) }
            #expect("\(error!)".contains(expected), "\(error!)")
            #expect(!"\(error!)".contains("\n"))
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    @Test func aReusedFolderNeedsOverwritingAndAStudyInIt() throws {
        let study = try Self.tinyStudy()
        let folder = temporaryFolder().appendingPathComponent("reused")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "x".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: DescentError.file(path: folder.path, problem: "is not empty and holds no transfer study (notes.txt); choose a new or empty --output")) {
            try study.prepareFolder(folder, isOverwriting: true)
        }
        try "weights: x".write(to: folder.appendingPathComponent(TransferStudy.descriptionFile), atomically: true, encoding: .utf8)
        #expect(throws: DescentError.self) { try study.prepareFolder(folder, isOverwriting: false) }
        try study.prepareFolder(folder, isOverwriting: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
