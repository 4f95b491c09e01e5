import DescentPlot
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct LineChartTests {
    private func parse(_ svg: String) throws -> XMLDocument {
        try XMLDocument(data: Data(svg.utf8), options: [])
    }

    /// Every element named `name` in document order.
    private func elements(_ name: String, in document: XMLDocument) -> [XMLElement] {
        func walk(_ node: XMLNode) -> [XMLElement] {
            let own = (node as? XMLElement).flatMap { $0.localName == name ? [$0] : nil } ?? []
            return own + (node.children ?? []).flatMap(walk)
        }
        return walk(document)
    }

    /// An attribute's value (FoundationXML's `attribute(forName:)` misses attributes of
    /// elements in a default namespace on Linux, so search the list).
    private func attribute(_ name: String, of element: XMLElement?) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }

    @Test func rendersWellFormedXMLWithOneLinePerSeries() throws {
        var chart = LineChart(title: "Loss & accuracy <test>", xLabel: "epoch", yLabel: "loss", series: [
            Series(name: "train", points: [(1, 1.0), (2, 0.5), (3, 0.25)]),
            Series(name: "validation", points: [(1, 1.2), (2, 0.7), (3, .nan)]),
        ])
        chart.markers = [Marker(x: 2, label: "best")]
        let document = try parse(chart.svg())
        let lines = elements("polyline", in: document)
        let names = lines.compactMap { attribute("data-series", of: $0) }
        #expect(names == ["train", "validation"])
        // The NaN point is dropped: the validation line has two vertices.
        let points = attribute("points", of: lines.dropFirst().first) ?? ""
        #expect(points.split(separator: " ").count == 2)
        #expect(chart.svg().contains("Loss &amp; accuracy &lt;test&gt;"))
    }

    @Test func logAxisDropsNonPositiveValuesAndTicksAtPowersOfTen() throws {
        var chart = LineChart(title: "lr", xLabel: "lr", yLabel: "loss", series: [
            Series(name: "range test", points: [(1e-5, 2.3), (1e-3, 1.0), (1e-1, 0.4), (0, 9)]),
        ])
        chart.logX = true
        let svg = chart.svg()
        _ = try parse(svg)
        #expect(svg.contains(">1e-05<") && svg.contains(">0.001<") && svg.contains(">0.1<"))
        let line = elements("polyline", in: try parse(svg)).first
        #expect(attribute("points", of: line)?.split(separator: " ").count == 3)
    }

    @Test func escapesAllFiveXMLSpecialCharacters() {
        #expect(escapeXML(#"a<b>&"c"'d'"#) == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;")
    }
}

@Suite struct LineChartMarkerTests {
    @Test func markerLabelsNearTheRightEdgeStayInsideThePlot() {
        var chart = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [Series(name: "s", points: [(0, 0), (100, 1)])])
        chart.markers = [Marker(x: 100, label: "best epoch 100"), Marker(x: 10, label: "warm-up")]
        let svg = chart.svg()
        #expect(svg.contains(#"text-anchor="end" font-weight="normal">best epoch 100<"#))
        #expect(svg.contains(#"text-anchor="start" font-weight="normal">warm-up<"#))
    }
}
