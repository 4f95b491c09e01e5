import Foundation
import Testing

/// `descent lr-find` end to end: a suggestion on the default data, a chart, a CSV.
@Suite(.serialized) struct LRFindCommandTests {
    @Test func suggestsARateOnTheDefaultDataAndPlotsIt() throws {
        let svg = Descent.temporaryFolder().appendingPathComponent("lr.svg")
        let result = try Descent.run(["lr-find", "--svg", svg.path])
        #expect(result.status == 0, "\(result.standardError)")
        let line = try #require(result.standardOutput.split(separator: "\n").first { $0.hasPrefix("Suggested learning rate: ") })
        let suggested = try #require(Double(line.dropFirst("Suggested learning rate: ".count)))
        #expect(suggested > 1e-4 && suggested < 0.1, "\(suggested)")
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("smoothed loss"))
    }

    @Test func csvHasOneRowPerMiniBatchWithGrowingRates() throws {
        let result = try Descent.run(["lr-find", "--steps", "50", "--start-lr", "1e-5", "--end-lr", "1e-1", "--csv"])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n")
        #expect(rows.first == "lr,loss,smoothed_loss")
        let rates = rows.dropFirst().map { Double($0.split(separator: ",")[0])! }
        #expect(rates.count <= 50 && rates.count > 10)
        #expect(abs(rates[0] - 1e-5) < 1e-10 && zip(rates, rates.dropFirst()).allSatisfy { $1 > $0 })
    }

    @Test func rejectsAnEmptyRange() throws {
        let result = try Descent.run(["lr-find", "--start-lr", "1", "--end-lr", "0.1"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("endLearningRate"), "\(result.standardError)")
    }

    /// lr-find builds its run through `TrainingRun.prepare`: CSV data and every optimizer work.
    @Test func takesTheDataFilesAndOptimizersOfTrain() throws {
        let folder = Descent.temporaryFolder()
        let csv = folder.appendingPathComponent("points.csv")
        let rows = (0..<200).map { i in "\(Double(i) * 10),\(Double(i % 7)),\(i < 100 ? "low" : "high")" }
        try (["x,y,label"] + rows).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let result = try Descent.run(["lr-find", "--data", csv.path, "--label", "label", "--hidden", "8", "--optimizer", "adamw", "--steps", "60", "--csv"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count > 10)
        let bad = try Descent.run(["lr-find", "--optimizer", "adamm"])
        #expect(bad.status == 2)
        #expect(bad.standardError.hasPrefix("error: unknown --optimizer 'adamm'"), "\(bad.standardError)")
    }
}
