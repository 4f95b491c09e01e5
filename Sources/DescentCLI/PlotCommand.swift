import ArgumentParser
import Descent
import DescentPlot
import Foundation

/// `descent plot`: the learning curves of one or more run folders in one SVG figure.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Overlay the learning curves of run folders (loss, metrics, learning rate) in one SVG.",
        discussion: """
            Reads RUN_FOLDER/history.csv of each run and draws one panel for the loss, one per
            metric and one for the learning rate; each run has its own colour, its training
            curve and a paler validation curve. The run's folder name labels its series.

            Examples:
              descent plot runs/adam runs/sgd --output compare.svg
              descent plot runs/spirals-2025-01-01T10-00-00Z
            """)

    @Argument(help: "Run folders holding history.csv.")
    var runs: [String]
    @Option(help: "The SVG file to write.")
    var output = "learning-curves.svg"

    func run() throws {
        try reportingFailures {
            guard !runs.isEmpty else { throw CommandFailure("give at least one run folder, e.g. descent plot runs/a runs/b") }
            var tables: [(name: String, table: MetricTable)] = []
            for run in runs {
                let url = URL(fileURLWithPath: run).appendingPathComponent("history.csv")
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw CommandFailure("\(url.path): no history.csv there; give folders written by descent train")
                }
                do {
                    tables.append((URL(fileURLWithPath: run).lastPathComponent, try MetricTable(csv: String(decoding: data, as: UTF8.self))))
                } catch {
                    throw CommandFailure("\(url.path): \(error)")
                }
            }
            let names = tables.map(\.name)
            if Set(names).count < names.count { tables = zip(runs, tables).map { ($0.0, $0.1.table) } }
            let svg = LearningCurves(runs: tables).svg()
            try AtomicFile.write(svg, to: URL(fileURLWithPath: output))
            print("Wrote \(output): \(LearningCurves(runs: tables).panels.joined(separator: ", ")) for \(tables.count) runs")
        }
    }
}
