import Foundation

/// One named line of a chart.
public struct Series {
    public var name: String
    public var points: [(x: Double, y: Double)]
    /// A CSS colour; nil picks the next colour of the palette.
    public var color: String?
    /// A shaded band around the line (e.g. mean ± one standard deviation), drawn under it.
    public var band: [(x: Double, low: Double, high: Double)] = []

    public init(name: String, points: [(x: Double, y: Double)], color: String? = nil) {
        self.name = name
        self.points = points
        self.color = color
    }
}

/// A dashed vertical line with a label (the best epoch, an early stop, a restart).
public struct Marker {
    public var x: Double
    public var label: String
    public init(x: Double, label: String) { self.x = x; self.label = label }
}

/// A line chart of several series with axes, ticks, a legend and optional log scales.
///
/// ```swift
/// var chart = LineChart(title: "Loss", xLabel: "epoch", yLabel: "loss",
///                       series: [Series(name: "train", points: trainPoints)])
/// chart.logY = true
/// try chart.svg().write(toFile: "loss.svg", atomically: true, encoding: .utf8)
/// ```
///
/// Non-finite values (and non-positive ones on a log axis) are left out of the lines.
public struct LineChart {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var logX = false
    public var logY = false
    public var markers: [Marker] = []

    /// The palette (colour-blind-safe, Okabe–Ito).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The chart as a standalone SVG document.
    public func svg(width: Int = 720, height: Int = 440) -> String {
        var document = SVGDocument(width: width, height: height)
        draw(into: &document, frame: (x: 0, y: 0, width: Double(width), height: Double(height)))
        return document.render()
    }

    /// Draws the chart into a region of a larger document (for multi-panel figures).
    public func draw(into document: inout SVGDocument, frame: (x: Double, y: Double, width: Double, height: Double)) {
        let plot = (left: frame.x + 70, right: frame.x + frame.width - 170, top: frame.y + 40, bottom: frame.y + frame.height - 50)
        let xAxis = Axis(values: series.flatMap { $0.points.map(\.x) } + markers.map(\.x), isLog: logX)
        let yAxis = Axis(values: series.flatMap { $0.points.map(\.y) + $0.band.flatMap { [$0.low, $0.high] } }, isLog: logY)
        let px = { (x: Double) in plot.left + xAxis.fraction(x) * (plot.right - plot.left) }
        let py = { (y: Double) in plot.bottom - yAxis.fraction(y) * (plot.bottom - plot.top) }

        document.text(title, x: (plot.left + plot.right) / 2, y: frame.y + 22, size: 15, weight: "bold")
        document.add("<rect x=\"\(format(plot.left))\" y=\"\(format(plot.top))\" width=\"\(format(plot.right - plot.left))\" height=\"\(format(plot.bottom - plot.top))\" fill=\"none\" stroke=\"#444\"/>")
        for tick in xAxis.ticks() {
            let x = px(tick)
            document.line(x1: x, y1: plot.top, x2: x, y2: plot.bottom, stroke: "#e5e5e5")
            document.text(Axis.label(tick), x: x, y: plot.bottom + 16, size: 11)
        }
        for tick in yAxis.ticks() {
            let y = py(tick)
            document.line(x1: plot.left, y1: y, x2: plot.right, y2: y, stroke: "#e5e5e5")
            document.text(Axis.label(tick), x: plot.left - 6, y: y + 4, size: 11, anchor: "end")
        }
        document.text(xLabel, x: (plot.left + plot.right) / 2, y: plot.bottom + 36, size: 12)
        document.text(yLabel, x: frame.x + 16, y: (plot.top + plot.bottom) / 2, size: 12, rotate: -90)

        for marker in markers where xAxis.contains(marker.x) {
            let x = px(marker.x)
            document.line(x1: x, y1: plot.top, x2: x, y2: plot.bottom, stroke: "#888", dash: "4 3")
            // Labels of markers in the right quarter go left of the line, clear of the legend.
            let isNearRightEdge = x > plot.left + 0.75 * (plot.right - plot.left)
            document.text(marker.label, x: isNearRightEdge ? x - 3 : x + 3, y: plot.top + 12, size: 10,
                          anchor: isNearRightEdge ? "end" : "start")
        }
        for (index, line) in series.enumerated() {
            let color = line.color ?? LineChart.palette[index % LineChart.palette.count]
            let band = line.band.filter { xAxis.contains($0.x) && yAxis.contains($0.low) && yAxis.contains($0.high) }
            if !band.isEmpty {
                let outline = band.map { (px($0.x), py($0.high)) } + band.reversed().map { (px($0.x), py($0.low)) }
                let coordinates = outline.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ")
                document.add("<polygon points=\"\(coordinates)\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\" data-band=\"\(escapeXML(line.name))\"/>")
            }
            let points = line.points.filter { xAxis.contains($0.x) && yAxis.contains($0.y) }.map { (px($0.x), py($0.y)) }
            document.polyline(points, stroke: color, label: line.name)
            if points.count == 1 { document.add("<circle cx=\"\(format(points[0].0))\" cy=\"\(format(points[0].1))\" r=\"3\" fill=\"\(color)\"/>") }
            let legendY = plot.top + 14 + Double(index) * 18
            document.line(x1: plot.right + 12, y1: legendY - 4, x2: plot.right + 34, y2: legendY - 4, stroke: color, width: 2.5)
            document.text(line.name, x: plot.right + 40, y: legendY, size: 12, anchor: "start")
        }
    }
}

/// The range and ticks of one axis, linear or base-10 logarithmic.
struct Axis {
    let low: Double, high: Double, isLog: Bool

    init(values: [Double], isLog: Bool) {
        self.isLog = isLog
        let usable = values.filter { $0.isFinite && (!isLog || $0 > 0) }.map { isLog ? log10($0) : $0 }
        var low = usable.min() ?? 0, high = usable.max() ?? 1
        if high - low < 1e-12 { low -= 0.5; high += 0.5 }
        let pad = isLog ? 0 : (high - low) * 0.04
        self.low = low - pad
        self.high = high + pad
    }

    func contains(_ value: Double) -> Bool { value.isFinite && (!isLog || value > 0) }

    /// Position of `value` in [0, 1] along the axis.
    func fraction(_ value: Double) -> Double {
        ((isLog ? log10(value) : value) - low) / (high - low)
    }

    /// About six round tick values inside the range (powers of ten on a log axis).
    func ticks() -> [Double] {
        if isLog {
            let range = Int(floor(low))...Int(ceil(high))
            let step = max(1, range.count / 7)
            return stride(from: range.lowerBound, through: range.upperBound, by: step).map { pow(10, Double($0)) }
                .filter { log10($0) >= low - 1e-9 && log10($0) <= high + 1e-9 }
        }
        let raw = (high - low) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return stride(from: ceil(low / step) * step, through: high + step * 1e-9, by: step).map { $0 }
    }

    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = Swift.abs(value)
        if magnitude >= 1e4 || magnitude < 1e-3 { return String(format: "%.0e", value) }
        return String(format: "%g", (value * 1e6).rounded() / 1e6)
    }
}
