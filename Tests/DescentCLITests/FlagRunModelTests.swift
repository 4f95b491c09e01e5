import Descent
import Foundation
import Testing

/// `descent train` with flags saves `model/` like a config run, and takes every optimizer of
/// `descent optimize`.
@Suite(.serialized) struct FlagRunModelTests {
    @Test func flagRunSavesAModelThatEvaluateAndSummaryRead() throws {
        let run = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--dataset", "moons", "--samples", "300", "--hidden", "8", "--epochs", "20", "--output", run.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("(experiment.yaml, history.csv, checkpoints/, model/, report.html)"))
        let summary = try Descent.run(["summary", run.path])
        #expect(summary.status == 0, "\(summary.standardError)")
        #expect(summary.standardOutput.contains("Total params: 42"), "\(summary.standardOutput)")  // 2·8 + 8 + 8·2 + 2
        let evaluation = try Descent.run(["evaluate", "--model", run.appendingPathComponent("model").path, "--data", "moons", "--samples", "200", "--json"])
        #expect(evaluation.status == 0, "\(evaluation.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(evaluation.standardOutput.utf8)) as? [String: Double]
        #expect(json?["samples"] == 200)
        #expect((json?["accuracy"] ?? 0) > 0.75, "\(evaluation.standardOutput)")
    }

    /// CSV data: the saved model carries the standardization fitted on the training split.
    @Test func csvRunSavesItsPreprocessing() throws {
        let folder = Descent.temporaryFolder()
        let csv = folder.appendingPathComponent("points.csv")
        let rows = (0..<120).map { i in "\(Double(i) * 10),\(Double(i % 7)),\(i < 60 ? "low" : "high")" }
        try (["x,y,label"] + rows).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let run = folder.appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--data", csv.path, "--label", "label", "--hidden", "8", "--epochs", "30", "--output", run.path])
        #expect(result.status == 0, "\(result.standardError)")
        let architecture = try String(contentsOf: run.appendingPathComponent("model/architecture.json"), encoding: .utf8)
        #expect(architecture.contains("standardization"), "\(architecture)")
        let evaluation = try Descent.run(["evaluate", "--model", run.path, "--data", csv.path, "--label", "label", "--json"])
        #expect(evaluation.status == 0, "\(evaluation.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(evaluation.standardOutput.utf8)) as? [String: Double]
        #expect((json?["accuracy"] ?? 0) > 0.9, "\(evaluation.standardOutput)")
    }

    @Test(arguments: ["sgd", "adagrad", "adadelta", "rmsprop", "adam", "adamax", "nadam", "adamw", "sgdw", "radam", "lion", "adamw:weight-decay=0.05"])
    func everyOptimizerTrains(_ optimizer: String) throws {
        let run = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--dataset", "moons", "--samples", "100", "--hidden", "4", "--epochs", "2",
                                      "--optimizer", optimizer, "--lr", "0.01", "--output", run.path])
        #expect(result.status == 0, "\(optimizer): \(result.standardError)")
        let experiment = try Experiment(contentsOf: run.appendingPathComponent("experiment.yaml"))
        #expect(type(of: experiment.optimizer.rule).typeName == String(optimizer.split(separator: ":")[0]))
        let printed = try Descent.run(["train", "--print-config", "--optimizer", optimizer, "--epochs", "2"])
        #expect(printed.status == 0, "\(printed.standardError)")
        #expect(printed.standardOutput.contains("type: \(optimizer.split(separator: ":")[0])"), "\(printed.standardOutput)")
    }

    @Test(arguments: [
        (["--optimizer", "adamm"], "unknown --optimizer 'adamm'; choose sgd, adagrad"),
        (["--optimizer", "adam", "--momentum", "0.9"], "--momentum applies to sgd, sgdw and rmsprop, not adam"),
        (["--optimizer", "adam:beta1=2"], "beta1"),
    ])
    func badOptimizerExitsWithOneLine(_ arguments: [String], _ message: String) throws {
        let result = try Descent.run(["train", "--quiet", "--epochs", "1"] + arguments)
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }
}
