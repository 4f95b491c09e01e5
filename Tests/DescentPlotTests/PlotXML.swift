import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// XML helpers for the chart and report tests (see `LineChartTests` for the FoundationXML quirks).
enum PlotXML {
    static func parse(_ text: String) throws -> XMLDocument { try XMLDocument(data: Data(text.utf8), options: []) }

    /// Every element named `name` in document order.
    static func elements(_ name: String, in node: XMLNode) -> [XMLElement] {
        let own = (node as? XMLElement).flatMap { $0.localName == name ? [$0] : nil } ?? []
        return own + (node.children ?? []).flatMap { elements(name, in: $0) }
    }

    /// An attribute's value, searched in the list (namespace-safe on Linux).
    static func attribute(_ name: String, of element: XMLElement?) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }

    /// The `data-series` names of the polylines.
    static func seriesNames(_ node: XMLNode) -> [String] {
        elements("polyline", in: node).compactMap { attribute("data-series", of: $0) }
    }
}
