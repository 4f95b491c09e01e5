import Foundation

/// A histogram drawn as bars from bucket edges and counts (e.g. a layer's activations).
///
/// ```swift
/// let chart = HistogramChart(title: "layer 0", edges: [-1, 0, 1], counts: [3, 5])
/// let svg = chart.svg()
/// ```
public struct HistogramChart {
    public var title: String
    /// Bucket edges, one more than `counts`.
    public var edges: [Double]
    public var counts: [Int]
    public var color = LineChart.palette[0]

    public init(title: String, edges: [Double], counts: [Int]) {
        precondition(edges.count == counts.count + 1, "HistogramChart: \(edges.count) edges for \(counts.count) counts")
        self.title = title
        self.edges = edges
        self.counts = counts
    }

    public func svg(width: Int = 360, height: Int = 220) -> String {
        var document = SVGDocument(width: width, height: height)
        draw(into: &document, frame: (x: 0, y: 0, width: Double(width), height: Double(height)))
        return document.render()
    }

    /// Draws into a region of a larger document; each bar is a `rect` with `data-count`.
    public func draw(into document: inout SVGDocument, frame: (x: Double, y: Double, width: Double, height: Double)) {
        let plot = (left: frame.x + 50, right: frame.x + frame.width - 12, top: frame.y + 30, bottom: frame.y + frame.height - 34)
        let xAxis = Axis(values: edges, isLog: false)
        let yAxis = Axis(values: [0, Double(counts.max() ?? 1)], isLog: false)
        let px = { (x: Double) in plot.left + xAxis.fraction(x) * (plot.right - plot.left) }
        let py = { (y: Double) in plot.bottom - yAxis.fraction(y) * (plot.bottom - plot.top) }
        document.text(title, x: (plot.left + plot.right) / 2, y: frame.y + 18, size: 12, weight: "bold")
        document.add("<rect x=\"\(format(plot.left))\" y=\"\(format(plot.top))\" width=\"\(format(plot.right - plot.left))\" height=\"\(format(plot.bottom - plot.top))\" fill=\"none\" stroke=\"#444\"/>")
        for tick in xAxis.ticks() {
            document.text(Axis.label(tick), x: px(tick), y: plot.bottom + 14, size: 10)
        }
        for tick in yAxis.ticks() {
            document.line(x1: plot.left, y1: py(tick), x2: plot.right, y2: py(tick), stroke: "#e5e5e5")
            document.text(Axis.label(tick), x: plot.left - 4, y: py(tick) + 3, size: 10, anchor: "end")
        }
        for (index, count) in counts.enumerated() where count > 0 {
            let (x0, x1) = (px(edges[index]), px(edges[index + 1]))
            let top = py(Double(count))
            document.add("<rect x=\"\(format(x0))\" y=\"\(format(top))\" width=\"\(format(Swift.max(x1 - x0 - 0.5, 0.5)))\" height=\"\(format(plot.bottom - top))\" fill=\"\(color)\" data-count=\"\(count)\"/>")
        }
    }

    /// Several histograms in a grid of `columns` columns, one SVG document.
    public static func grid(_ charts: [HistogramChart], columns: Int = 3, cellWidth: Int = 300, cellHeight: Int = 200) -> String {
        let rows = (charts.count + columns - 1) / Swift.max(columns, 1)
        var document = SVGDocument(width: columns * cellWidth, height: Swift.max(rows, 1) * cellHeight)
        for (index, chart) in charts.enumerated() {
            let frame = (x: Double(index % columns * cellWidth), y: Double(index / columns * cellHeight),
                         width: Double(cellWidth), height: Double(cellHeight))
            chart.draw(into: &document, frame: frame)
        }
        return document.render()
    }
}
