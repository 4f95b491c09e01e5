import Foundation

/// A self-contained HTML page built section by section: headings, paragraphs, tables, inline
/// SVG figures, warning lists and preformatted text. No scripts, no external style sheets,
/// fonts or images, so the page opens offline; the markup is also well-formed XML (every
/// element closed, every text escaped), so tests can parse it.
///
/// ```swift
/// var report = HTMLReport(title: "Run spirals-2025-01-01")
/// report.addTable(title: "Summary", header: ["epochs", "val_loss"], rows: [["100", "0.0712"]])
/// report.addFigure(title: "Learning curves", svg: curves.svg())
/// try report.render().write(toFile: "runs/x/report.html", atomically: true, encoding: .utf8)
/// ```
public struct HTMLReport {
    public var title: String
    private var body: [String] = []

    public init(title: String) { self.title = title }

    public mutating func addHeading(_ text: String) { body.append("<h2>\(escapeXML(text))</h2>") }

    public mutating func addParagraph(_ text: String) { body.append("<p>\(escapeXML(text))</p>") }

    /// A table with a header row; cells are text.
    public mutating func addTable(title: String? = nil, header: [String], rows: [[String]]) {
        if let title { addHeading(title) }
        let head = "<tr>" + header.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr>"
        let lines = rows.map { "<tr>" + $0.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>" }
        body.append("<table>\n\(head)\n\(lines.joined(separator: "\n"))\n</table>")
    }

    /// An SVG document (as `SVGDocument.render()` makes it) placed inline, under a heading.
    public mutating func addFigure(title: String, svg: String, caption: String? = nil) {
        addHeading(title)
        let inline = svg.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("<?xml") }.joined(separator: "\n")
        let captionText = caption.map { "<figcaption>\(escapeXML($0))</figcaption>" } ?? ""
        body.append("<figure>\n\(inline)\(captionText)</figure>")
    }

    /// A list of items, styled as warnings (`isWarning`) or plain.
    public mutating func addList(title: String, items: [String], isWarning: Bool = false) {
        addHeading(title)
        let cssClass = isWarning ? " class=\"warnings\"" : ""
        body.append("<ul\(cssClass)>\n" + items.map { "<li>\(escapeXML($0))</li>" }.joined(separator: "\n") + "\n</ul>")
    }

    /// Monospaced text, e.g. a configuration file.
    public mutating func addPreformatted(title: String, text: String) {
        addHeading(title)
        body.append("<pre>\(escapeXML(text))</pre>")
    }

    static let style = """
        body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
        th { background: #f3f3f3; }
        pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
        ul.warnings li { background: #fff4e5; border-left: 4px solid #E69F00; margin: 0.3em 0; padding: 0.3em 0.6em; list-style: none; }
        figure { margin: 0.5em 0; } svg { max-width: 100%; height: auto; }
        """

    /// The complete page.
    public func render() -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(escapeXML(title))</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>
        <h1>\(escapeXML(title))</h1>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }
}
