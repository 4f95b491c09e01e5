import Descent
import Foundation
import Testing

/// The reproductions of "Ordinary mistakes never crash Descent": each ends with one `error:`
/// line and exit code 2 (or a correct result), never a trap.
@Suite struct OrdinaryMistakesTests {
    static func file(_ name: String, _ text: String) throws -> URL {
        let url = Descent.temporaryFolder().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func expectOneLineError(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try Descent.run(arguments)
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)", sourceLocation: sourceLocation)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains(message), "\(result.standardError)", sourceLocation: sourceLocation)
    }

    static var output: String { Descent.temporaryFolder().appendingPathComponent("run").path }

    @Test func aSplitThatComesOutEmpty() throws {
        let csv = try Self.file("c.csv", "a,b,y\n1,2,0\n")
        try Self.expectOneLineError(["train", "--data", csv.path, "--label", "y", "--output", Self.output], "--split leaves the validation split empty")
        try Self.expectOneLineError(["check", "--data", csv.path, "--label", "y"], "leaves the validation split empty")
        try Self.expectOneLineError(["lr-find", "--data", csv.path, "--label", "y"], "leaves the validation split empty")
    }

    @Test func zeroFeatures() throws {
        let csv = try Self.file("c.csv", "y\n" + (0..<20).map { "\($0 % 2)" }.joined(separator: "\n") + "\n")
        try Self.expectOneLineError(["train", "--data", csv.path, "--label", "y", "--output", Self.output], "sample shape [0]")
    }

    @Test func aNegativeFeatureCount() throws {
        let csv = try Self.file("s.csv", "a,y\n1,0\n2,1\n")
        try Self.expectOneLineError(["data", "inspect", csv.path, "--max-features=-1"], "--max-features -1 must be at least 0")
    }

    /// A regression loss makes integer labels numbers: one output unit is right, not rejected.
    @Test func aRegressionLossReadsIntegerLabelsAsNumbers() throws {
        let rows = (1...60).map { "\($0 % 7),\($0 % 5)" }
        let csv = try Self.file("r.csv", "a,y\n" + rows.joined(separator: "\n") + "\n")
        let config = try Self.file("e.yaml", """
            data: {csv: \(csv.path), label: y}
            model: [{type: dense, units: 4, activation: relu}, {type: dense, units: 1}]
            loss: mean_squared_error
            epochs: 2
            output: \(Self.output)
            """)
        let result = try Descent.run(["train", "--quiet", config.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("test_mae="), "\(result.standardOutput)")
    }

    @Test func aLabelTooLargeForAnIntegerIsANumber() throws {
        let csv = try Self.file("c.csv", "a,y\n1,1e30\n2,0\n")
        let result = try Descent.run(["data", "inspect", csv.path, "--label", "y"])
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test func aLossThatDoesNotFitTheData() throws {
        for (loss, message) in [("binary_cross_entropy", "needs two classes, but the data has 3"),
                                ("hinge", "needs two classes, but the data has 3")] {
            let config = try Self.file("e.yaml", """
                data: {dataset: spirals, samples: 300}
                model: [{type: dense, units: 8, activation: relu}, {type: dense, units: 3}]
                loss: \(loss)
                epochs: 1
                output: \(Self.output)
                """)
            try Self.expectOneLineError(["train", "--quiet", config.path], message)
        }
    }

    @Test func sizesBeyondMemory() throws {
        try Self.expectOneLineError(["train", "--hidden", "100000,100000", "--epochs", "1", "--output", Self.output], "the limit per tensor")
        try Self.expectOneLineError(["train", "--samples", "2000000000", "--epochs", "1", "--output", Self.output], "samples")
        for (layer, message) in [("{type: reshape, target_shape: [100000000000, 100000000000]}", "target_shape: a sample of shape"),
                                 ("{type: conv2d, filters: 2, kernel_size: 3, padding: 20000}", "an output sample of shape [39999, 40000, 2]")] {
            let config = try Self.file("r.yaml", """
                data: {dataset: moons, samples: 100}
                model: [{type: reshape, target_shape: [1, 2, 1]}, \(layer), {type: global_average_pooling_2d}, {type: dense, units: 2}]
                epochs: 1
                output: \(Self.output)
                """)
            try Self.expectOneLineError(["train", "--quiet", config.path], message)
        }
    }

    /// Integer targets with many values are not silently taken for hundreds of classes.
    @Test func integerRegressionTargetsNeedTheTask() throws {
        let rows = (1...120).map { "\($0 % 7),\($0 % 5),\($0 * 3 + 100)" }
        let csv = try Self.file("d.csv", "a,b,progression\n" + rows.joined(separator: "\n") + "\n")
        try Self.expectOneLineError(["train", "--data", csv.path, "--label", "progression", "--output", Self.output], "--task must be given")
        let run = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--data", csv.path, "--label", "progression", "--task", "regression", "--epochs", "2", "--output", run.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("test_mae="), "\(result.standardOutput)")
    }

    @Test func anEmptyOutputIsRefused() throws {
        let config = try Self.file("e.yaml", "data: {dataset: moons}\nmodel: [{type: dense, units: 2}]\noutput: \"\"\n")
        try Self.expectOneLineError(["train", "--quiet", config.path], "output: expected a folder path")
    }

    @Test func nonFiniteValuesInTheData() throws {
        let rows = (1...40).map { $0 == 6 ? "nan,1,0" : "\($0),\($0 % 3),\($0 % 2)" }
        let csv = try Self.file("n.csv", "a,b,y\n" + rows.joined(separator: "\n") + "\n")
        for scaling in ["auto", "none"] {
            try Self.expectOneLineError(["train", "--data", csv.path, "--label", "y", "--scaling", scaling, "--output", Self.output], "sample 6 has nan among its features")
        }
    }

    @Test func aMonitorNoReportHas() throws {
        let config = try Self.file("m.yaml", """
            data: {dataset: moons, samples: 100}
            model: [{type: dense, units: 2}]
            checkpoint: {monitor: val_f1, save_best_only: true}
            epochs: 1
            output: \(Self.output)
            """)
        try Self.expectOneLineError(["train", "--quiet", config.path], "checkpoint.monitor: 'val_f1' is not a column of this run's history; choose loss, accuracy, val_loss, val_accuracy, lr, penalty")
    }

    @Test func yamlAliasesCannotExpandWithoutLimit() throws {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            let (name, previous) = (String(UnicodeScalar(97 + level)!), String(UnicodeScalar(96 + level)!))
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        let config = try Self.file("laughs.yaml", (lines + ["data: *i"]).joined(separator: "\n") + "\n")
        try Self.expectOneLineError(["train", config.path], "more than 1000000 values")
    }

    @Test func messagesSayWhatWasGivenAndWhatToChange() throws {
        try Self.expectOneLineError(["train", "--lr", "-1", "--epochs", "1"], "--lr -1.0 must be a positive number")
        try Self.expectOneLineError(["train", "--epochs", "-3"], "--epochs -3 must be at least 1")
        try Self.expectOneLineError(["train", "--schedule", "step", "--step-size", "0", "--epochs", "1"], "--step-size is 0; expected an integer ≥ 1")
        let zero = try Self.file("b.yaml", "data: {dataset: moons}\nmodel: [{type: dense, units: 2}]\nbatch_size: 0\n")
        try Self.expectOneLineError(["train", zero.path], "batch_size: expected an integer ≥ 1, got 0")
        let noData = try Self.file("d.yaml", "model: [{type: dense, units: 2}]\n")
        try Self.expectOneLineError(["train", noData.path], "missing key 'data'")
        let wide = try Self.file("w.csv", (((0..<784).map { "pixel\($0)" } + ["label"]).joined(separator: ",")) + "\n" + Array(repeating: "0", count: 785).joined(separator: ",") + "\n")
        try Self.expectOneLineError(["train", "--data", wide.path, "--label", "lable"], "similar: label; the first are pixel0")
    }

    /// Columns are matched by name: reordered ones work, a forgotten --label or another
    /// dataset's file is named, labels are read in the model's classes.
    @Test func evaluateAndPredictMatchColumnsByName() throws {
        let rows = (0..<90).map { i in "\(Double(i % 30) / 3),\(Double(i % 7)),\(["setosa", "versicolor", "virginica"][i / 30])" }
        let train = try Self.file("train.csv", "length,width,species\n" + rows.joined(separator: "\n") + "\n")
        let run = Descent.temporaryFolder().appendingPathComponent("run")
        let trained = try Descent.run(["train", "--quiet", "--data", train.path, "--label", "species", "--hidden", "8", "--epochs", "3", "--output", run.path])
        #expect(trained.status == 0, "\(trained.standardError)")
        try Self.expectOneLineError(["predict", "--model", run.path, "--data", train.path], "has the column species the model was not trained on: it is the label the model predicts, pass --label species")
        let reordered = try Self.file("r.csv", "species,width,length\n" + rows.map { row in
            let cells = row.split(separator: ","); return "\(cells[2]),\(cells[1]),\(cells[0])" }.joined(separator: "\n") + "\n")
        let a = try Descent.run(["evaluate", "--model", run.path, "--data", train.path, "--label", "species", "--json"])
        let b = try Descent.run(["evaluate", "--model", run.path, "--data", reordered.path, "--label", "species", "--json"])
        #expect(a.status == 0 && b.status == 0 && a.standardOutput == b.standardOutput, "\(a.standardOutput) \(b.standardOutput) \(b.standardError)")
        let other = try Self.file("o.csv", "length,height,species\n1,2,setosa\n")
        try Self.expectOneLineError(["evaluate", "--model", run.path, "--data", other.path, "--label", "species"], "lacks the column width the model was trained on")
        try Self.expectOneLineError(["predict", "--model", run.path, "--data", "spirals", "--samples", "2"], "has no samples")
        let unknown = try Self.file("u.csv", "length,width,species\n1,2,rose\n")
        try Self.expectOneLineError(["evaluate", "--model", run.path, "--data", unknown.path, "--label", "species"], "the label 'rose' is not one of the model's classes")
    }

    /// A loss that rose sixfold is not one that "did not move".
    @Test func checkSaysALossThatRoseRose() throws {
        let result = try Descent.run(["check", "--lr", "100"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("-fold: the learning rate (100) is too high"), "\(result.standardOutput)")
    }

    /// 4-bit digits (pixels 0…16) are divided by 16 under --scaling auto, not by 255.
    @Test func autoScalingFollowsThePixelRange() throws {
        let folder = Descent.temporaryFolder()
        let images = folder.appendingPathComponent("digits.npy"), labels = folder.appendingPathComponent("labels.npy")
        try PersistenceCommandTests.npy("|u1", "(60, 8, 8, 1)", (0..<(60 * 64)).map { UInt8(($0 * 7) % 17) }).write(to: images)
        try PersistenceCommandTests.npy("<i8", "(60,)", (0..<60).flatMap { withUnsafeBytes(of: Int64($0 % 3).littleEndian, Array.init) }).write(to: labels)
        let run = folder.appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--images", images.path, "--labels", labels.path, "--epochs", "1", "--output", run.path])
        #expect(result.status == 0, "\(result.standardError)")
        let architecture = try ConfigNode.read(contentsOf: run.appendingPathComponent("model/architecture.json"))
        #expect([Double](configNode: architecture["preprocessing"]?["scale"] ?? ConfigNode(.null)) == [16], "\(architecture["preprocessing"]?.jsonText ?? "none")")
    }

    /// A flag of descent train that check or lr-find cannot use is an error, not ignored.
    @Test func flagsThatCannotApplyToCheckOrLRFind() throws {
        try Self.expectOneLineError(["check", "--epochs", "3"], "--epochs does not apply to descent check")
        try Self.expectOneLineError(["check", "--schedule", "cosine"], "--schedule does not apply to descent check")
        try Self.expectOneLineError(["lr-find", "--steps", "1"], "--steps 1 must be at least 2")
    }
}
