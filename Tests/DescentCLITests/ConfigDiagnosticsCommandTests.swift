@testable import Descent
import Foundation
import Testing

/// Config runs (`descent train CONFIG`) with the report, the diagnostics and the NaN stop of
/// flag runs, and `descent check CONFIG`.
@Suite(.serialized) struct ConfigDiagnosticsCommandTests {
    /// A small moons experiment with `extra` appended to the config.
    static func writeConfig(_ folder: URL, output: URL, optimizer: String = "{type: adam, learning_rate: 0.01}", extra: String = "") throws -> URL {
        let url = folder.appendingPathComponent("experiment.yaml")
        try """
            data: {dataset: moons, samples: 200}
            model:
              - {type: dense, units: 8, activation: relu}
              - {type: dense, units: 2}
            optimizer: \(optimizer)
            epochs: 4
            batch_size: 16
            output: \(output.path)
            \(extra)
            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func configRunWritesTheReportAndTheCurves() throws {
        let folder = Descent.temporaryFolder()
        let run = folder.appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", try Self.writeConfig(folder, output: run).path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("report.html"))
        let report = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Configuration (experiment.yaml)"))
        #expect(report.contains("Learning curves"))
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("learning-curves.svg").path))
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("diagnostics.csv").path))
    }

    @Test func diagnosticsSectionAndFlagsAddTheirFiles() throws {
        let folder = Descent.temporaryFolder()
        let run = folder.appendingPathComponent("run")
        let config = try Self.writeConfig(folder, output: run, extra: "diagnostics: {diagnostics: true, sanity_checks: true}")
        let result = try Descent.run(["train", "--tensorboard", config.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("initial-loss"))
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path)
        for name in ["diagnostics.csv", "diagnostics.json", "gradient-norms.svg", "report.html", "checkpoints", "model"] {
            #expect(names.contains(name), "\(name) missing from \(names)")
        }
        #expect(names.contains { $0.hasPrefix("events.out.tfevents") })
        let resolved = try String(contentsOf: run.appendingPathComponent("experiment.yaml"), encoding: .utf8)
        #expect(resolved.contains("diagnostics:\n  diagnostics: true\n  tensorboard: true\n  sanity_checks: true"), "\(resolved)")
        let report = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Sanity checks") && report.contains("Gradients and updates"))
    }

    @Test func diagnosticsShorthandAndUnknownKeys() throws {
        let folder = Descent.temporaryFolder()
        let run = folder.appendingPathComponent("run")
        let shorthand = try Descent.run(["train", "--print-config", try Self.writeConfig(folder, output: run, extra: "diagnostics: true").path])
        #expect(shorthand.standardOutput.contains("diagnostics:\n  diagnostics: true\n  tensorboard: false"), "\(shorthand.standardOutput)")
        let config = try Self.writeConfig(folder, output: run, extra: "diagnostics: {tensorbord: true}")
        let bad = try Descent.run(["train", config.path])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("diagnostics.tensorbord: unknown key"), "\(bad.standardError)")
    }

    /// The learning rate jumps from 0.01 to 1e30 after epoch 2: the loss overflows in epoch 3,
    /// the diagnostics stop the run, and the newest checkpoint is epoch 2's, finite and loadable.
    @Test func nanStopKeepsTheLastGoodCheckpoint() throws {
        let folder = Descent.temporaryFolder()
        let run = folder.appendingPathComponent("run")
        let config = try Self.writeConfig(folder, output: run, optimizer: "{type: sgd, learning_rate: 0.01}", extra: """
            schedule: {type: piecewise, unit: epoch, boundaries: "2", values: "0.01,1e30"}
            checkpoint: {keep: 1}
            diagnostics: true
            """)
        let result = try Descent.run(["train", "--quiet", config.path])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardError.contains("error: the run failed:"), "\(result.standardError)")
        let checkpoints = run.appendingPathComponent("checkpoints")
        let kept = checkpoints.appendingPathComponent("checkpoint-0-00002.safetensors")
        #expect(result.standardOutput.contains("Stopped early: the loss became"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("Kept the last good checkpoint: \(kept.path)"), "\(result.standardOutput)")
        #expect(TrainingCheckpointer.files(in: checkpoints).map(\.lastPathComponent) == ["checkpoint-0-00002.safetensors"])
        let latest = try #require(try TrainingCheckpointer.latest(in: checkpoints))
        #expect(latest.epoch == 2)
        #expect(!latest.weights.isEmpty)
        #expect(latest.weights.values.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
        let report = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("the last good checkpoint is kept at \(kept.path)"))
        let saved = try SavedModel.load(from: run)
        #expect(saved.model.weightTensors.allSatisfy { $0.value.scalars.allSatisfy(\.isFinite) })
    }

    @Test func checkRunsTheSanityChecksOfAConfig() throws {
        let folder = Descent.temporaryFolder()
        let run = folder.appendingPathComponent("run")
        let healthy = try Descent.run(["check", try Self.writeConfig(folder, output: run).path])
        #expect(healthy.status == 0, "\(healthy.standardOutput)\(healthy.standardError)")
        #expect(healthy.standardOutput.contains("0 failed"), "\(healthy.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: run.path))
        let frozen = try Descent.run(["check", "--overfit-steps", "20", "--json",
                                      try Self.writeConfig(folder, output: run, optimizer: "{type: sgd, learning_rate: 1.0e-12}").path])
        #expect(frozen.status == 1, "\(frozen.standardError)")
        let report = try JSONDecoder().decode(SanityReport.self, from: Data(frozen.standardOutput.utf8))
        #expect(report["overfit-batch"]?.status == .failed)
        #expect(report["initial-loss"]?.status == .passed)
        let skipped = try Descent.run(["train", "--quiet", "--sanity-checks",
                                       try Self.writeConfig(folder, output: run, optimizer: "{type: sgd, learning_rate: 1.0e-12}").path])
        #expect(skipped.status == 1, "\(skipped.standardError)")
        #expect(skipped.standardOutput.contains("Stopped early: sanity checks failed (overfit-batch)"), "\(skipped.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("history.csv").path))
        #expect(try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8).contains("Sanity checks"))
        let resume = try Descent.run(["check", "--resume", run.path])
        #expect(resume.status == 2)
        #expect(resume.standardError.hasPrefix("error: descent check takes a config file"))
    }
}
