import Descent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite(.serialized) struct DiagnosticsCommandTests {
    /// `data-series` names of the polylines of an SVG or XHTML document, parsed as XML.
    func seriesNames(_ url: URL) throws -> [String] {
        let document = try XMLDocument(data: Data(contentsOf: url), options: [])
        func walk(_ node: XMLNode) -> [String] {
            let own = (node as? XMLElement).flatMap { element in
                element.localName == "polyline" ? element.attributes?.first { $0.name == "data-series" }?.stringValue : nil
            }
            return (own.map { [$0] } ?? []) + (node.children ?? []).flatMap(walk)
        }
        return walk(document)
    }

    @Test func trainWritesTheLearningCurvesAndASelfContainedReport() throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--epochs", "10", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let curves = folder.appendingPathComponent("learning-curves.svg")
        #expect(try seriesNames(curves) == ["train", "validation", "train", "validation", "learning rate"])
        let report = folder.appendingPathComponent("report.html")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(try seriesNames(report).count == 5, "the curves are inline")
        for section in ["Summary", "Learning curves", "Warnings", "Final metrics", "Configuration (experiment.yaml)", "test_accuracy"] {
            #expect(html.contains(section), "missing \(section)")
        }
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
    }

    @Test func diagnosticsAndTensorBoardFlagsFillTheRunFolder() throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--epochs", "3", "--diagnostics", "--tensorboard", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let csv = try String(contentsOf: folder.appendingPathComponent("diagnostics.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 3 * 3, "3 layers × 3 epochs")
        #expect(try DiagnosticsLog.read(from: folder)?.latestHistograms.count == 3)
        let events = try EventFileReader.events(at: try #require(EventFileReader.eventFiles(in: folder).first))
        let tags = Set(events.flatMap { $0.values.map(\.tag) })
        #expect(tags.isSuperset(of: ["loss", "val_loss", "accuracy", "lr", "weights/0.weight", "gradients/2.bias"]))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Gradient norm per layer") && html.contains("Activation histograms"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("gradient-norms.svg").path))
    }

    @Test func checkPassesTheDefaultAndFailsAFrozenLearningRate() throws {
        let healthy = try Descent.run(["check"])
        #expect(healthy.status == 0, "\(healthy.standardOutput)\(healthy.standardError)")
        #expect(healthy.standardOutput.contains("7 checks: 0 failed"))
        let frozen = try Descent.run(["check", "--optimizer", "sgd", "--lr", "1e-12", "--overfit-steps", "20", "--json"])
        #expect(frozen.status == 1)
        let report = try JSONDecoder().decode(SanityReport.self, from: Data(frozen.standardOutput.utf8))
        #expect(report["overfit-batch"]?.status == .failed)
        #expect(report["initial-loss"]?.status == .passed)
    }

    @Test func sanityChecksFlagStopsTrainingWhenACheckFails() throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--sanity-checks", "--optimizer", "sgd", "--lr", "1e-12", "--output", folder.path])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("error: the run failed: sanity checks failed"), "\(result.standardError)")
        #expect(result.standardOutput.contains("FAILED  overfit-batch"))
        #expect(result.standardOutput.contains("Stopped early: sanity checks failed (overfit-batch)"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
    }

    @Test func plotOverlaysRunsAndRejectsAFolderWithoutHistory() throws {
        let base = Descent.temporaryFolder()
        for (name, optimizer) in [("adam", "adam"), ("sgd", "sgd")] {
            let result = try Descent.run(["train", "--quiet", "--epochs", "3", "--optimizer", optimizer, "--output", base.appendingPathComponent(name).path])
            #expect(result.status == 0, "\(result.standardError)")
        }
        let output = base.appendingPathComponent("compare.svg")
        let plot = try Descent.run(["plot", base.appendingPathComponent("adam").path, base.appendingPathComponent("sgd").path, "--output", output.path])
        #expect(plot.status == 0, "\(plot.standardError)")
        #expect(Array(try seriesNames(output).prefix(4)) == ["adam train", "adam validation", "sgd train", "sgd validation"])

        let missing = try Descent.run(["plot", base.appendingPathComponent("nothing").path])
        #expect(missing.status == 2)
        #expect(missing.standardError.hasPrefix("error: ") && missing.standardError.contains("no history.csv"))
    }

    @Test(arguments: ["check", "plot"])
    func helpHasAnExample(_ command: String) throws {
        let result = try Descent.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Examples:") && result.standardOutput.contains("descent \(command)"))
    }
}
