import Foundation
import Testing

@Suite struct ExperimentCommandTests {
    @Test func initDepthPrintsOneRowPerLayerAndWritesCharts() throws {
        let folder = Descent.temporaryFolder()
        let result = try Descent.run(["experiment", "init-depth", "--depth", "3", "--width", "20", "--batch", "16", "--csv", "--svg", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("tanh,") || $0.hasPrefix("relu,") }
        #expect(rows.count == 2 * 3 * 3)
        for name in ["activations", "gradients"] {
            let svg = try String(contentsOf: folder.appendingPathComponent("init-depth-\(name).svg"), encoding: .utf8)
            #expect(svg.contains("<svg"))
        }
    }

    @Test func overfittingWritesOneRunFolderPerVariant() throws {
        let folder = Descent.temporaryFolder()
        let result = try Descent.run(["experiment", "overfitting", "--samples", "16", "--epochs", "3", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        for variant in ["baseline", "l2", "dropout", "early-stopping", "all"] {
            let csv = try String(contentsOf: folder.appendingPathComponent("\(variant)/history.csv"), encoding: .utf8)
            #expect(csv.hasPrefix("epoch,loss,accuracy,val_loss,val_accuracy,lr"), "\(variant)")
        }
    }

    @Test func trainAcceptsTheRegularizationFlags() throws {
        let folder = Descent.temporaryFolder()
        let result = try Descent.run(["train", "--quiet", "--epochs", "3", "--samples", "200", "--l2", "1e-4", "--dropout", "0.3",
                                      "--batch-norm", "--init", "he-uniform", "--early-stopping-patience", "5", "--input-noise", "0.05",
                                      "--activation", "leaky_relu(0.1)", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let csv = try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("epoch,loss,accuracy,val_loss,val_accuracy,lr,penalty"))
        let config = try String(contentsOf: folder.appendingPathComponent("experiment.yaml"), encoding: .utf8)
        #expect(config.contains("type: batch_norm") && config.contains("weight_initializer: he-uniform"))
    }

    @Test(arguments: [
        (["--init", "glorot"], "unknown --init 'glorot'"),
        (["--dropout", "1"], "--dropout 1.0 must lie in [0, 1)"),
        (["--l2=-1"], "--l2 -1.0 must be a finite number ≥ 0"),
        (["--activation", "softmax"], "unknown --activation 'softmax'"),
    ])
    func badRegularizationFlagsExitWithOneLine(_ arguments: [String], _ message: String) throws {
        let result = try Descent.run(["train", "--quiet", "--epochs", "1"] + arguments)
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test(arguments: [["experiment", "--help"], ["experiment", "init-depth", "--help"], ["experiment", "overfitting", "--help"]])
    func helpHasExamples(_ arguments: [String]) throws {
        let result = try Descent.run(arguments)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Examples:"))
    }
}

/// `descent experiment optimizers` and `bias-variance` end to end: trials as processes, files, bad input.
@Suite struct StudyCommandTests {
    static func problemFile(_ folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("tiny.yaml")
        try "data: {dataset: blobs, samples: 60}\nmodel: [{type: dense, units: 3}]\nepochs: 2\nbatch_size: 16\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func optimizersRunsTrialsAsProcessesAndResumes() throws {
        let folder = Descent.temporaryFolder(), output = folder.appendingPathComponent("study")
        let arguments = ["experiment", "optimizers", "--problem-file", try Self.problemFile(folder).path, "--optimizers", "adam,sgd",
                         "--schedules", "constant", "--budget", "2", "--seeds", "2", "--jobs", "2", "--output", output.path]
        let result = try Descent.run(arguments)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("tiny: test accuracy") && result.standardOutput.contains("tiny (budget 2): the best"))
        let csv = try String(contentsOf: output.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 2 * 6)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(".trials").path))
        let again = try Descent.run(arguments)
        #expect(again.status == 0 && again.standardOutput.contains("0 to run, 8 already finished"), "\(again.standardOutput)")
    }

    @Test(arguments: [
        (["--problems", "imagenet"], "invalid problem 'imagenet'"),
        (["--problems", "digits", "--optimizers", "adamm"], "invalid optimizer 'adamm'"),
        (["--problems", "digits", "--budget=-1"], "invalid budget '-1'"),
        (["--problems", "digits", "--seeds", "0"], "invalid seeds '0'"),
        (["--problems", "digits", "--range", "adam.epsilon=1:0.1:log"], "invalid search range 'epsilon=1:0.1:log'"),
        (["--problems", "digits", "--range", "adam.epsilon=0:1:log"], "a positive low bound on a log scale"),
    ])
    func badStudyInputExitsWithOneLine(_ arguments: [String], _ message: String) throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("study")
        let result = try Descent.run(["experiment", "optimizers"] + arguments + ["--output", folder.path])
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func aFolderWithAnotherStudyExitsTwoAndIsKept() throws {
        let folder = Descent.temporaryFolder(), output = folder.appendingPathComponent("study")
        let base = ["experiment", "optimizers", "--problem-file", try Self.problemFile(folder).path, "--optimizers", "sgd", "--schedules", "constant",
                    "--budget", "0", "--output", output.path]
        #expect(try Descent.run(base + ["--seeds", "1"]).status == 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        let result = try Descent.run(base + ["--seeds", "2"])
        #expect(result.status == 2 && result.standardError.contains("holds a different study") && result.standardError.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == before)
    }

    @Test func biasVarianceWritesItsCSVAndCharts() throws {
        let folder = Descent.temporaryFolder()
        let result = try Descent.run(["experiment", "bias-variance", "--max-degree", "5", "--sets", "10", "--test-points", "50", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let csv = try String(contentsOf: folder.appendingPathComponent("bias-variance.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "capacity,bias_squared,variance,noise,expected_test_mse,train_mse,test_mse" && csv.count == 7)
        for name in ["learning-curve.csv", "bias-variance.svg", "train-test.svg", "learning-curve.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "missing \(name)")
        }
    }

    /// The built-in 8×8 digits train from flags: the flag MLP flattens image samples.
    @Test func trainTakesTheBuiltInDigits() throws {
        let folder = Descent.temporaryFolder()
        let result = try Descent.run(["train", "--dataset", "digits", "--samples", "100", "--epochs", "1", "--quiet", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let config = try String(contentsOf: folder.appendingPathComponent("experiment.yaml"), encoding: .utf8)
        #expect(config.contains("type: flatten"))
    }

    @Test(arguments: [["experiment", "optimizers", "--help"], ["experiment", "bias-variance", "--help"]])
    func helpHasExamples(_ arguments: [String]) throws {
        let result = try Descent.run(arguments)
        #expect(result.status == 0 && result.standardOutput.contains("Examples:"))
    }
}
