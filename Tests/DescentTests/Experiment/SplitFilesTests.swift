@testable import Descent
import Foundation
import Testing

/// The user's own validation and test files (`data.validation_csv`, `data.test_images`, …):
/// matched to the training file by column and class name, preprocessing fitted on the training
/// file alone, the training file split only into the parts no file gives, and every mismatch
/// an error naming the file.
@Suite struct SplitFilesTests {
    /// A CSV of `rows` samples of three classes (a, b, c) in columns x1, x2 (in `order`), label y.
    static func csv(_ name: String, rows: Int, offset: Int = 0, classes: [String] = ["a", "b", "c"],
                    order: [String] = ["x1", "x2", "y"], in folder: URL) -> String {
        let lines = (0..<rows).map { row -> String in
            let i = row + offset, label = classes[i % classes.count]
            let values = ["x1": "\(Float(i % 7) + (label == "a" ? 10 : 0))", "x2": "\(Float(i % 5) * (label == "b" ? 3 : 1))", "y": label]
            return order.map { values[$0]! }.joined(separator: ",")
        }
        return writeFile(Array((order.joined(separator: ",") + "\n" + lines.joined(separator: "\n") + "\n").utf8), name, in: folder)
    }

    static func experiment(_ data: String, model: String = "[{type: dense, units: 8, activation: relu}, {type: dense, units: 3}]",
                           epochs: Int = 2, folder: URL) throws -> Experiment {
        let text = """
            data: {\(data)}
            model: \(model)
            optimizer: {type: adam, learning_rate: 0.01}
            epochs: \(epochs)
            batch_size: 16
            output: \(folder.appendingPathComponent("run").path)
            """
        return try Experiment(node: try ConfigNode.parse(text, file: "split.yaml"), file: "split.yaml")
    }

    static func error(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func threeCSVFilesTrainValidateAndTest() throws {
        let folder = temporaryFolder()
        let train = Self.csv("train.csv", rows: 90, in: folder)
        // validation: columns in another order and only two of the classes, which keep the training file's indices
        let validation = Self.csv("validation.csv", rows: 20, offset: 1, classes: ["c", "b"], order: ["y", "x2", "x1"], in: folder)
        let test = Self.csv("test.csv", rows: 30, offset: 2, in: folder)
        let experiment = try Self.experiment("csv: \(train), label: y, validation_csv: \(validation), test_csv: \(test)", folder: folder)
        let setup = try ExperimentSetup(experiment)
        #expect(setup.parts.train.count == 90 && setup.parts.validation.count == 20 && setup.parts.test.count == 30)
        #expect(setup.parts.validation.classNames == ["a", "b", "c"])
        let validationLabels = setup.parts.validation.targets.scalars
        #expect(validationLabels.prefix(4) == [1, 2, 1, 2])   // b, c, b, c in the training file's indices
        // the standardization is fitted on the training file alone
        let raw = try Dataset.csv(train, label: "y")
        let fitted = Preprocessing.fit(.standardization, to: raw)
        #expect(setup.parts.train.features.scalars == fitted.apply(to: raw).features.scalars)
        let rawValidation = try DataSchema(of: raw, labelName: "y", origin: .trainingData(path: train)).dataset(csv: validation, label: "y")
        #expect(setup.parts.validation.features.scalars == fitted.apply(to: rawValidation).features.scalars)
        var run = ExperimentRun(experiment)
        run.verbosity = .silent
        let result = try run.run()
        #expect(result.histories[0].epochs.allSatisfy { $0[.validationLoss] != nil })
        #expect(result.confusion?.total == 30 && result.test[.accuracy] != nil)
        // the run folder's experiment names the files and no split (all of train.csv trains)
        let saved = try String(contentsOf: folder.appendingPathComponent("run/experiment.yaml"), encoding: .utf8)
        #expect(saved.contains("validation_csv: \(validation)") && saved.contains("test_csv: \(test)") && !saved.contains("split:"))
        let reread = try ExperimentRun.experiment(inRunFolder: folder.appendingPathComponent("run"))
        #expect(try reread.resolvedNode().yamlText == experiment.resolvedNode().yamlText)
    }

    @Test func threeImageFilesTrainValidateAndTest() throws {
        let folder = temporaryFolder()
        func images(_ name: String, count: Int, seed: Int) -> String {
            let pixels = (0..<(count * 36)).map { UInt8(truncatingIfNeeded: ($0 * 31 + seed * 7) % 256) }
            return writeFile(storedGzip(idxBytes(type: 0x08, shape: [count, 6, 6], payload: pixels)), name, in: folder)
        }
        func labels(_ name: String, count: Int) -> String {
            writeFile(idxBytes(type: 0x08, shape: [count], payload: (0..<count).map { UInt8($0 % 3) }), name, in: folder)
        }
        let text = """
            images: \(images("train-images.gz", count: 60, seed: 0)), labels: \(labels("train-labels", count: 60)),
            validation_images: \(images("val-images.gz", count: 12, seed: 1)), validation_labels: \(labels("val-labels", count: 12)),
            test_images: \(images("test-images.gz", count: 15, seed: 2)), test_labels: \(labels("test-labels", count: 15))
            """
        let experiment = try Self.experiment(text, model: "[{type: flatten}, {type: dense, units: 3}]", folder: folder)
        let setup = try ExperimentSetup(experiment)
        #expect(setup.parts.train.count == 60 && setup.parts.validation.count == 12 && setup.parts.test.count == 15)
        #expect(setup.parts.test.sampleShape == [6, 6, 1])
        #expect(setup.parts.validation.features.scalars.max()! <= 1)   // scaled by the training images' 255
        var run = ExperimentRun(experiment)
        run.verbosity = .silent
        let result = try run.run()
        #expect(result.confusion?.total == 15)
        #expect(result.histories[0].epochs.last?[.validationAccuracy] != nil)
    }

    @Test func theTrainingFileIsSplitOnlyIntoThePartsNoFileGives() throws {
        let folder = temporaryFolder()
        let train = Self.csv("train.csv", rows: 90, in: folder)   // 30 per class; the splits are stratified
        let other = Self.csv("other.csv", rows: 10, in: folder)
        let withTest = try ExperimentSetup(Self.experiment("csv: \(train), label: y, test_csv: \(other), split: {validation: 0.2}", folder: folder))
        #expect(withTest.parts.train.count == 72 && withTest.parts.validation.count == 18 && withTest.parts.test.count == 10)
        let withValidation = try ExperimentSetup(Self.experiment("csv: \(train), label: y, validation_csv: \(other), split: {train: 0.8}", folder: folder))
        #expect(withValidation.parts.train.count == 72 && withValidation.parts.test.count == 18 && withValidation.parts.validation.count == 10)
        // beside a validation file the unused validation share (0.15) does not count against train
        let allTrains = try ExperimentSetup(Self.experiment("csv: \(train), label: y, validation_csv: \(other), split: {train: 1}", folder: folder))
        #expect(allTrains.parts.train.count == 90 && allTrains.parts.test.count == 0 && allTrains.parts.validation.count == 10)
        #expect(Self.error { _ = try Self.experiment("csv: \(train), label: y, validation_csv: \(other), split: {train: 1.5}", folder: folder) }
                .contains("data.split.train: expected a fraction in (0, 1]"))
        let defaults = try Self.experiment("csv: \(train), label: y, test_csv: \(other)", folder: folder)
        #expect(defaults.data.shares == (0.85, 0.15, 0))
    }

    @Test func anEmptyValidationOrTestPartTrainsWithoutThem() throws {
        let folder = temporaryFolder()
        let train = Self.csv("train.csv", rows: 60, in: folder)
        var noValidation = ExperimentRun(try Self.experiment("csv: \(train), label: y, split: {train: 0.8, validation: 0}", folder: folder))
        noValidation.verbosity = .silent
        let first = try noValidation.run()
        #expect(first.histories[0].epochs.allSatisfy { $0[.validationLoss] == nil && $0[.loss] != nil })
        #expect(first.test[.accuracy] != nil)
        var noTest = ExperimentRun(try Self.experiment("csv: \(train), label: y, split: {train: 0.8, validation: 0.2}, scaling: none", folder: folder))
        noTest.verbosity = .silent
        noTest.isOverwriting = true
        let second = try noTest.run()
        #expect(second.test.isEmpty && second.confusion == nil)
        #expect(second.summary.contains("Test: none"))
    }

    @Test func mismatchedFilesAreErrorsNamingTheFile() throws {
        let folder = temporaryFolder()
        let train = Self.csv("train.csv", rows: 30, in: folder)
        let fewerColumns = writeFile(Array("x1,y\n1,a\n".utf8), "fewer.csv", in: folder)
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("csv: \(train), label: y, validation_csv: \(fewerColumns)", folder: folder)) }
                .contains("fewer.csv: lacks the column x2 that the training data (\(train)) has (x1, x2)"))
        let extraColumn = writeFile(Array("x1,x2,x3,y\n1,2,3,a\n".utf8), "extra.csv", in: folder)
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("csv: \(train), label: y, test_csv: \(extraColumn)", folder: folder)) }
                .contains("extra.csv: has the column x3 that the training data (\(train)) does not have"))
        let newClass = writeFile(Array("x1,x2,y\n1,2,a\n3,4,rose\n".utf8), "new.csv", in: folder)
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("csv: \(train), label: y, test_csv: \(newClass)", folder: folder)) }
                .contains("new.csv: line 3: the label 'rose' is not one of the classes of the training data (\(train)) (a, b, c)"))
        let ragged = writeFile(Array("x1,x2,y\n1,2,a\n3,b\n".utf8), "ragged.csv", in: folder)
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("csv: \(train), label: y, test_csv: \(ragged)", folder: folder)) }
                .contains("ragged.csv: line 3 has 2 fields, the header has 3"))

        let images = writeFile(idxBytes(type: 0x08, shape: [6, 4, 4], payload: [UInt8](repeating: 1, count: 96)), "images", in: folder)
        let labels = writeFile(idxBytes(type: 0x08, shape: [6], payload: [0, 1, 0, 1, 0, 1]), "labels", in: folder)
        let bigger = writeFile(idxBytes(type: 0x08, shape: [2, 5, 5], payload: [UInt8](repeating: 1, count: 50)), "bigger", in: folder)
        let two = writeFile(idxBytes(type: 0x08, shape: [2], payload: [0, 1]), "two", in: folder)
        let three = writeFile(idxBytes(type: 0x08, shape: [3], payload: [0, 1, 1]), "three", in: folder)
        let classTwo = writeFile(idxBytes(type: 0x08, shape: [2], payload: [0, 2]), "class-two", in: folder)
        let base = "images: \(images), labels: \(labels), validation_images:"
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("\(base) \(bigger), validation_labels: \(two)", folder: folder)) }
                .contains("bigger: holds images of shape [5, 5, 1], the training data (\(images)) has [4, 4, 1]"))
        let small = writeFile(idxBytes(type: 0x08, shape: [2, 4, 4], payload: [UInt8](repeating: 1, count: 32)), "small", in: folder)
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("\(base) \(small), validation_labels: \(three)", folder: folder)) }
                .contains("three: 3 labels for 2 images"))
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("\(base) \(small), validation_labels: \(classTwo)", folder: folder)) }
                .contains("class-two: label 2 at index 1 is not one of the classes of the training data (\(images)) (0, 1)"))
        let truncated = writeFile(Array(storedGzip(idxBytes(type: 0x08, shape: [2, 4, 4], payload: [UInt8](repeating: 1, count: 32))).dropLast(12)),
                                  "truncated.gz", in: folder)
        #expect(Self.error { _ = try ExperimentSetup(Self.experiment("\(base) \(truncated), validation_labels: \(two)", folder: folder)) }
                .contains("truncated.gz: the gzip data ends early"))
    }

    @Test func splitKeysThatCannotApplyAreErrors() throws {
        let folder = temporaryFolder()
        let train = Self.csv("train.csv", rows: 30, in: folder), other = Self.csv("other.csv", rows: 5, in: folder)
        #expect(Self.error { _ = try Self.experiment("csv: \(train), label: y, validation_csv: \(other), split: {validation: 0.1}", folder: folder) }
                .contains("data.split.validation: does not apply: the validation data comes from a file"))
        #expect(Self.error { _ = try Self.experiment("csv: \(train), label: y, test_csv: \(other), split: {train: 0.5}", folder: folder) }
                .contains("data.split.train: does not apply: the test data comes from a file"))
        #expect(Self.error { _ = try Self.experiment("csv: \(train), label: y, test_csv: \(other), validation_csv: \(other), split: {train: 1}", folder: folder) }
                .contains("data.split: does not apply: the validation and test data come from files"))
        #expect(Self.error { _ = try Self.experiment("dataset: moons, test_csv: \(other)", folder: folder) }
                .contains("data.test_csv: expected a CSV file beside csv"))
        #expect(Self.error { _ = try Self.experiment("csv: \(train), label: y, validation_images: \(other)", folder: folder) }
                .contains("data.validation_images: expected a file beside images"))
        #expect(Self.error { _ = try Self.experiment("images: \(other), labels: \(other), validation_images: \(other)", folder: folder) }
                .contains("data.validation_images: needs validation_labels too"))
    }
}
