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
