import Foundation

/// A contour plot of f(x, y) with paths drawn over it: how optimizers move on a test function.
///
/// ```swift
/// let plot = ContourPlot(title: "x² + 3y²", xRange: -2...2, yRange: -2...2,
///                        paths: [Series(name: "adagrad", points: [(1.5, 1.5), (1.1, 1.1)])]) { x, y in
///     x * x + 3 * y * y
/// }
/// try plot.svg().write(toFile: "contour.svg", atomically: true, encoding: .utf8)
/// ```
///
/// The contour levels are quantiles of f over the sampling grid, so that a bowl and a steep
/// valley (Rosenbrock spans four decades) both get lines where the eye needs them; lower
/// levels are darker. Lines come from marching squares on a `resolution`² grid. Path points
/// outside the region are clipped; non-finite points are left out.
public struct ContourPlot {
    public var title: String
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var paths: [Series]
    /// The number of contour lines.
    public var levelCount = 14
    /// Grid cells per axis.
    public var resolution = 120
    private let function: (Double, Double) -> Double

    public init(title: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, paths: [Series] = [],
                function: @escaping (Double, Double) -> Double) {
        precondition(xRange.upperBound > xRange.lowerBound && yRange.upperBound > yRange.lowerBound,
                     "ContourPlot: empty region \(xRange) × \(yRange)")
        self.title = title
        self.xRange = xRange
        self.yRange = yRange
        self.paths = paths
        self.function = function
    }

    /// The plot as a standalone SVG document; the default width fits a square plot and the legend.
    public func svg(width: Int? = nil, height: Int = 560) -> String {
        let longest = paths.map(\.name.count).max() ?? 0
        let legendWidth = paths.isEmpty ? 20.0 : 60 + 6.8 * Double(longest)
        let width = width ?? Int(60 + Double(height - 90) + legendWidth)
        var document = SVGDocument(width: width, height: height)
        let plot = (left: 60.0, right: Double(width) - legendWidth, top: 40.0, bottom: Double(height) - 50)
        let px = { (x: Double) in plot.left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (plot.right - plot.left) }
        let py = { (y: Double) in plot.bottom - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (plot.bottom - plot.top) }

        document.text(title, x: (plot.left + plot.right) / 2, y: 22, size: 15, weight: "bold")
        document.add("<defs><clipPath id=\"plot-area\"><rect x=\"\(format(plot.left))\" y=\"\(format(plot.top))\" width=\"\(format(plot.right - plot.left))\" height=\"\(format(plot.bottom - plot.top))\"/></clipPath></defs>")
        drawAxes(into: &document, plot: plot, px: px, py: py)

        let grid = sampledGrid()
        let levels = contourLevels(grid)
        for (index, level) in levels.enumerated() {
            let shade = levels.count > 1 ? Double(index) / Double(levels.count - 1) : 0
            let path = contourSegments(grid, level: level).map { segment in
                "M\(format(px(segment.0.x))) \(format(py(segment.0.y)))L\(format(px(segment.1.x))) \(format(py(segment.1.y)))"
            }.joined()
            guard !path.isEmpty else { continue }
            document.add("<path class=\"contour\" data-level=\"\(level)\" d=\"\(path)\" fill=\"none\" stroke=\"\(levelColor(shade))\" stroke-width=\"1\"/>")
        }

        document.add("<g clip-path=\"url(#plot-area)\">")
        for (index, path) in paths.enumerated() {
            let color = path.color ?? LineChart.palette[index % LineChart.palette.count]
            let points = path.points.filter { $0.x.isFinite && $0.y.isFinite }.map { (px($0.x), py($0.y)) }
            document.polyline(points, stroke: color, width: 1.8, label: path.name)
            for (i, point) in points.enumerated() {
                let ring = i == 0 ? "r=\"5\" fill=\"white\" stroke=\"\(color)\" stroke-width=\"2\"" : "r=\"2.5\" fill=\"\(color)\""
                document.add("<circle cx=\"\(format(point.0))\" cy=\"\(format(point.1))\" \(ring)/>")
            }
        }
        document.add("</g>")
        for (index, path) in paths.enumerated() {
            let color = path.color ?? LineChart.palette[index % LineChart.palette.count]
            let legendY = plot.top + 14 + Double(index) * 18
            document.line(x1: plot.right + 12, y1: legendY - 4, x2: plot.right + 34, y2: legendY - 4, stroke: color, width: 2.5)
            document.text(path.name, x: plot.right + 40, y: legendY, size: 12, anchor: "start")
        }
        return document.render()
    }

    private func drawAxes(into document: inout SVGDocument, plot: (left: Double, right: Double, top: Double, bottom: Double),
                          px: (Double) -> Double, py: (Double) -> Double) {
        document.add("<rect x=\"\(format(plot.left))\" y=\"\(format(plot.top))\" width=\"\(format(plot.right - plot.left))\" height=\"\(format(plot.bottom - plot.top))\" fill=\"none\" stroke=\"#444\"/>")
        for tick in Axis(values: [xRange.lowerBound, xRange.upperBound], isLog: false).ticks() where xRange.contains(tick) {
            document.line(x1: px(tick), y1: plot.bottom, x2: px(tick), y2: plot.bottom + 4, stroke: "#444")
            document.text(Axis.label(tick), x: px(tick), y: plot.bottom + 16, size: 11)
        }
        for tick in Axis(values: [yRange.lowerBound, yRange.upperBound], isLog: false).ticks() where yRange.contains(tick) {
            document.line(x1: plot.left - 4, y1: py(tick), x2: plot.left, y2: py(tick), stroke: "#444")
            document.text(Axis.label(tick), x: plot.left - 7, y: py(tick) + 4, size: 11, anchor: "end")
        }
        document.text("x", x: (plot.left + plot.right) / 2, y: plot.bottom + 36, size: 12)
        document.text("y", x: 16, y: (plot.top + plot.bottom) / 2, size: 12)
    }

    /// f at the (resolution + 1)² grid points: `values[j][i]` at (xᵢ, yⱼ).
    private func sampledGrid() -> (xs: [Double], ys: [Double], values: [[Double]]) {
        let n = max(resolution, 2)
        let xs = (0...n).map { xRange.lowerBound + Double($0) / Double(n) * (xRange.upperBound - xRange.lowerBound) }
        let ys = (0...n).map { yRange.lowerBound + Double($0) / Double(n) * (yRange.upperBound - yRange.lowerBound) }
        return (xs, ys, ys.map { y in xs.map { x in function(x, y) } })
    }

    /// `levelCount` quantiles of the finite grid values, strictly increasing.
    func contourLevels(_ grid: (xs: [Double], ys: [Double], values: [[Double]])) -> [Double] {
        let sorted = grid.values.joined().filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last, last > first else { return [] }
        let quantiles = (0..<levelCount).map { k in
            sorted[min(sorted.count - 1, Int((Double(k) + 0.5) / Double(levelCount) * Double(sorted.count)))]
        }
        return quantiles.reduce(into: []) { levels, q in if q > (levels.last ?? -.infinity) { levels.append(q) } }
    }

    /// The level set f = level as line segments in (x, y), by marching squares.
    func contourSegments(_ grid: (xs: [Double], ys: [Double], values: [[Double]]), level: Double) -> [((x: Double, y: Double), (x: Double, y: Double))] {
        var segments: [((x: Double, y: Double), (x: Double, y: Double))] = []
        let v = grid.values
        for j in 0..<(grid.ys.count - 1) {
            for i in 0..<(grid.xs.count - 1) {
                // Corners counter-clockwise from the bottom left, and the edges between them.
                let corners = [(grid.xs[i], grid.ys[j], v[j][i]), (grid.xs[i + 1], grid.ys[j], v[j][i + 1]),
                               (grid.xs[i + 1], grid.ys[j + 1], v[j + 1][i + 1]), (grid.xs[i], grid.ys[j + 1], v[j + 1][i])]
                guard corners.allSatisfy({ $0.2.isFinite }) else { continue }
                var crossings: [(x: Double, y: Double)] = []
                for edge in 0..<4 {
                    let (a, b) = (corners[edge], corners[(edge + 1) % 4])
                    guard (a.2 >= level) != (b.2 >= level) else { continue }
                    let t = (level - a.2) / (b.2 - a.2)
                    crossings.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
                }
                if crossings.count >= 2 { segments.append((crossings[0], crossings[1])) }
                if crossings.count == 4 { segments.append((crossings[2], crossings[3])) }
            }
        }
        return segments
    }

    /// Dark blue (low f) to pale blue (high f).
    private func levelColor(_ shade: Double) -> String {
        let (dark, light) = ((8.0, 48.0, 107.0), (158.0, 202.0, 225.0))
        let channel = { (a: Double, b: Double) in Int((a + (b - a) * shade).rounded()) }
        return String(format: "#%02x%02x%02x", channel(dark.0, light.0), channel(dark.1, light.1), channel(dark.2, light.2))
    }
}
