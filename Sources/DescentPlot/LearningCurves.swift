import Foundation

/// Learning curves of one or more runs as one SVG figure of stacked panels: the loss, then each
/// metric (training and validation in the same panel), then the learning rate on its own
/// panel (on a log scale when every value is positive).
///
/// Column names follow `history.csv`: `loss`, `accuracy`, …, their validation twins with a
/// `val_` prefix, and `lr`. With one run the series are `train` and `validation` and the
/// markers (best epoch, early stop) are drawn; with several, each series is `<run> train` and
/// `<run> validation`, one colour per run.
///
/// ```swift
/// let table = try MetricTable(csv: String(contentsOfFile: "runs/a/history.csv"))
/// var curves = LearningCurves(runs: [("a", table)])
/// curves.markers = [Marker(x: 12, label: "best")]
/// try curves.svg().write(toFile: "runs/a/learning-curves.svg", atomically: true, encoding: .utf8)
/// ```
public struct LearningCurves {
    public var runs: [(name: String, table: MetricTable)]
    /// Dashed vertical lines on every panel (best epoch, early stop).
    public var markers: [Marker] = []

    public init(runs: [(name: String, table: MetricTable)]) { self.runs = runs }

    /// The panels' base names in order: `loss`, the metrics, then `lr`.
    public var panels: [String] {
        var names: [String] = []
        for (_, table) in runs {
            for column in table.columns where column != "epoch" {
                let base = column.hasPrefix("val_") ? String(column.dropFirst(4)) : column
                if !names.contains(base) { names.append(base) }
            }
        }
        let metrics = names.filter { $0 != "loss" && $0 != "lr" }
        return (names.contains("loss") ? ["loss"] : []) + metrics + (names.contains("lr") ? ["lr"] : [])
    }

    /// The charts, one per panel.
    public func charts() -> [LineChart] {
        panels.map { base in
            var series: [Series] = []
            for (index, run) in runs.enumerated() {
                let color = runs.count > 1 ? LineChart.palette[index % LineChart.palette.count] : nil
                let prefix = runs.count > 1 ? "\(run.name) " : ""
                let train = run.table.points(base), validation = run.table.points("val_" + base)
                if !train.isEmpty { series.append(Series(name: base == "lr" ? "\(prefix)learning rate" : "\(prefix)train", points: train, color: color)) }
                if !validation.isEmpty {
                    series.append(Series(name: "\(prefix)validation", points: validation, color: runs.count > 1 ? Self.lighter(color!) : LineChart.palette[1]))
                }
            }
            let title = base == "lr" ? "Learning rate" : base == "loss" ? "Loss" : base.replacingOccurrences(of: "_", with: " ").capitalized
            var chart = LineChart(title: title, xLabel: "epoch", yLabel: base, series: series)
            let values = series.flatMap { $0.points.map(\.y) }.filter { $0 > 0 && $0.isFinite }
            if base == "lr", !values.isEmpty, values.count == series.flatMap(\.points).count { chart.logY = true }
            chart.markers = runs.count == 1 ? markers : []
            return chart
        }
    }

    /// The figure: panels of `panelHeight` stacked vertically.
    public func svg(width: Int = 760, panelHeight: Int = 300) -> String {
        let charts = charts()
        var document = SVGDocument(width: width, height: Swift.max(1, charts.count) * panelHeight)
        for (index, chart) in charts.enumerated() {
            chart.draw(into: &document, frame: (x: 0, y: Double(index * panelHeight), width: Double(width), height: Double(panelHeight)))
        }
        return document.render()
    }

    /// A paler shade of `#RRGGBB` for a run's validation line.
    static func lighter(_ color: String) -> String {
        guard color.count == 7, let value = Int(color.dropFirst(), radix: 16) else { return color }
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { $0 + (255 - $0) * 45 / 100 }
        return String(format: "#%02X%02X%02X", channels[0], channels[1], channels[2])
    }
}
