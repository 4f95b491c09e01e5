import Foundation

/// Box plots of several groups of values side by side (Tukey's): the box spans the first to
/// the third quartile with a line at the median, whiskers reach the most extreme values within
/// 1.5 interquartile ranges of the box, and the points beyond are drawn as circles. Quartiles
/// interpolate linearly between order statistics (NumPy's default). Non-finite values are left out.
///
/// ```swift
/// let chart = BoxPlot(title: "test accuracy over seeds", yLabel: "accuracy",
///                     groups: [("adam", [0.91, 0.93, 0.92]), ("sgd", [0.88, 0.90, 0.86])])
/// let svg = chart.svg()
/// ```
public struct BoxPlot {
    public var title: String
    public var yLabel: String
    public var groups: [(name: String, values: [Double])]

    public init(title: String, yLabel: String, groups: [(name: String, values: [Double])]) {
        (self.title, self.yLabel, self.groups) = (title, yLabel, groups)
    }

    /// The five numbers a box shows, and the outliers; nil for no finite values.
    public static func summary(_ values: [Double]) -> (low: Double, q1: Double, median: Double, q3: Double, high: Double, outliers: [Double])? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1), below = Int(position.rounded(.down))
            let above = Swift.min(below + 1, sorted.count - 1)
            return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
        }
        let (q1, median, q3) = (quantile(0.25), quantile(0.5), quantile(0.75))
        let reach = 1.5 * (q3 - q1)
        let inside = sorted.filter { $0 >= q1 - reach && $0 <= q3 + reach }
        return (inside.first ?? q1, q1, median, q3, inside.last ?? q3, sorted.filter { $0 < q1 - reach || $0 > q3 + reach })
    }

    public func svg(width: Int? = nil, height: Int = 420) -> String {
        let width = width ?? Swift.max(480, 90 + 46 * groups.count)
        var document = SVGDocument(width: width, height: height)
        let plot = (left: 70.0, right: Double(width) - 20, top: 40.0, bottom: Double(height) - 110)
        let yAxis = Axis(values: groups.flatMap(\.values), isLog: false)
        let py = { (y: Double) in plot.bottom - yAxis.fraction(y) * (plot.bottom - plot.top) }
        document.text(title, x: (plot.left + plot.right) / 2, y: 22, size: 15, weight: "bold")
        document.add("<rect x=\"\(format(plot.left))\" y=\"\(format(plot.top))\" width=\"\(format(plot.right - plot.left))\" height=\"\(format(plot.bottom - plot.top))\" fill=\"none\" stroke=\"#444\"/>")
        for tick in yAxis.ticks() {
            document.line(x1: plot.left, y1: py(tick), x2: plot.right, y2: py(tick), stroke: "#e5e5e5")
            document.text(Axis.label(tick), x: plot.left - 6, y: py(tick) + 4, size: 11, anchor: "end")
        }
        document.text(yLabel, x: 16, y: (plot.top + plot.bottom) / 2, size: 12, rotate: -90)
        let slot = (plot.right - plot.left) / Double(Swift.max(groups.count, 1))
        for (index, group) in groups.enumerated() {
            let centre = plot.left + slot * (Double(index) + 0.5), half = Swift.min(slot * 0.3, 20)
            let color = LineChart.palette[index % LineChart.palette.count]
            document.text(group.name, x: centre, y: plot.bottom + 12, size: 10, anchor: "end", rotate: -45)
            guard let box = Self.summary(group.values) else { continue }
            document.line(x1: centre, y1: py(box.low), x2: centre, y2: py(box.q1), stroke: color)
            document.line(x1: centre, y1: py(box.q3), x2: centre, y2: py(box.high), stroke: color)
            document.add("<rect x=\"\(format(centre - half))\" y=\"\(format(py(box.q3)))\" width=\"\(format(2 * half))\" height=\"\(format(Swift.max(py(box.q1) - py(box.q3), 0.5)))\" fill=\"\(color)\" fill-opacity=\"0.3\" stroke=\"\(color)\" data-group=\"\(escapeXML(group.name))\" data-median=\"\(box.median)\"/>")
            document.line(x1: centre - half, y1: py(box.median), x2: centre + half, y2: py(box.median), stroke: color, width: 2)
            for value in box.outliers {
                document.add("<circle cx=\"\(format(centre))\" cy=\"\(format(py(value)))\" r=\"2.5\" fill=\"none\" stroke=\"\(color)\"/>")
            }
        }
        return document.render()
    }
}
