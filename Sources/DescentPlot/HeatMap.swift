import Foundation

/// A grid of coloured cells with their values written in: rows × columns, light for the
/// lowest value and dark for the highest (or the reverse with `isLowDark`). Missing values
/// (nil or non-finite) are grey.
///
/// ```swift
/// let chart = HeatMap(title: "mean rank", rows: ["adam", "sgd"], columns: ["digits", "mnist"],
///                     values: [[1.0, 1.5], [2.0, 1.5]])
/// let svg = chart.svg()
/// ```
public struct HeatMap {
    public var title: String
    public var rows: [String]
    public var columns: [String]
    /// values[row][column].
    public var values: [[Double?]]
    /// True to draw low values dark (ranks: 1 is best).
    public var isLowDark = false

    public init(title: String, rows: [String], columns: [String], values: [[Double?]]) {
        precondition(values.count == rows.count && values.allSatisfy { $0.count == columns.count },
                     "HeatMap: values must be \(rows.count)×\(columns.count)")
        (self.title, self.rows, self.columns, self.values) = (title, rows, columns, values)
    }

    public func svg(cellWidth: Int = 90, cellHeight: Int = 24) -> String {
        let left = 160.0, top = 70.0
        let width = Int(left) + cellWidth * columns.count + 20, height = Int(top) + cellHeight * rows.count + 20
        var document = SVGDocument(width: width, height: height)
        document.text(title, x: Double(width) / 2, y: 22, size: 15, weight: "bold")
        let finite = values.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
        for (column, name) in columns.enumerated() {
            document.text(name, x: left + Double(cellWidth) * (Double(column) + 0.5), y: top - 10, size: 11)
        }
        for (row, name) in rows.enumerated() {
            let y = top + Double(cellHeight * row)
            document.text(name, x: left - 8, y: y + Double(cellHeight) / 2 + 4, size: 11, anchor: "end")
            for column in columns.indices {
                let x = left + Double(cellWidth * column)
                let value = values[row][column].flatMap { $0.isFinite ? $0 : nil }
                var fill = "#dddddd", textColor = "#222"
                if let value {
                    let t = high > low ? (value - low) / (high - low) : 0.5
                    let darkness = isLowDark ? 1 - t : t
                    fill = Self.blue(darkness)
                    if darkness > 0.55 { textColor = "#fff" }
                }
                document.add("<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(cellWidth)\" height=\"\(cellHeight)\" fill=\"\(fill)\" stroke=\"#fff\" data-value=\"\(value.map { "\($0)" } ?? "")\"/>")
                document.add("<text x=\"\(format(x + Double(cellWidth) / 2))\" y=\"\(format(y + Double(cellHeight) / 2 + 4))\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(textColor)\">\(value.map { String(format: "%.2f", $0) } ?? "–")</text>")
            }
        }
        return document.render()
    }

    /// From near-white (0) to dark blue (1).
    static func blue(_ t: Double) -> String {
        let t = Swift.min(Swift.max(t, 0), 1)
        let (r, g, b) = (247 - t * (247 - 8), 251 - t * (251 - 48), 255 - t * (255 - 107))
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }
}
