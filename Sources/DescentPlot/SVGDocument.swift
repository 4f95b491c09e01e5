/// A minimal SVG writer: a canvas of a fixed size to which elements are appended as text.
/// Everything a chart draws goes through here, so every chart is a self-contained,
/// well-formed XML document that opens in any browser without network access.
public struct SVGDocument {
    public let width: Int
    public let height: Int
    private var elements: [String] = []

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Appends one raw SVG element (the caller escapes any text it contains with `escapeXML`).
    public mutating func add(_ element: String) { elements.append(element) }

    /// A text label at (x, y); `anchor` is `start`, `middle` or `end`.
    public mutating func text(_ content: String, x: Double, y: Double, size: Int = 12, anchor: String = "middle",
                              weight: String = "normal", rotate: Double = 0) {
        let transform = rotate == 0 ? "" : " transform=\"rotate(\(format(rotate)) \(format(x)) \(format(y)))\""
        add("<text x=\"\(format(x))\" y=\"\(format(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\"\(transform)>\(escapeXML(content))</text>")
    }

    /// A straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#000",
                              width: Double = 1, dash: String? = nil) {
        let dashing = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        add("<line x1=\"\(format(x1))\" y1=\"\(format(y1))\" x2=\"\(format(x2))\" y2=\"\(format(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(format(width))\"\(dashing)/>")
    }

    /// An open polyline through `points`; `label` becomes a `data-series` attribute for tests and tools.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, label: String? = nil) {
        guard !points.isEmpty else { return }
        let coordinates = points.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ")
        let series = label.map { " data-series=\"\(escapeXML($0))\"" } ?? ""
        add("<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(format(width))\"\(series) points=\"\(coordinates)\"/>")
    }

    /// The complete document.
    public func render() -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Escapes `& < > " '` for XML text and attribute values.
public func escapeXML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default: result.append(character)
        }
    }
    return result
}

/// A coordinate with at most two decimals and no trailing zeros.
func format(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}
