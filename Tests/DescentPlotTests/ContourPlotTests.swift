@testable import DescentPlot
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct ContourPlotTests {
    func bowl() -> ContourPlot {
        ContourPlot(title: "x² + y² <bowl>", xRange: -2...2, yRange: -2...2, paths: [
            Series(name: "adagrad", points: [(1.5, 1.5), (1.1, 1.1), (0.8, 0.8)]),
            Series(name: "diverged", points: [(1, -1), (.nan, 3)]),
        ]) { x, y in x * x + y * y }
    }

    /// Every element named `name`, in document order.
    func elements(_ name: String, in node: XMLNode) -> [XMLElement] {
        let own = (node as? XMLElement).flatMap { $0.localName == name ? [$0] : nil } ?? []
        return own + (node.children ?? []).flatMap { elements(name, in: $0) }
    }

    @Test func rendersWellFormedXMLWithContoursAndOnePolylinePerPath() throws {
        let document = try XMLDocument(data: Data(bowl().svg().utf8), options: [])
        let lines = elements("polyline", in: document)
        #expect(lines.compactMap { $0.attributes?.first { $0.name == "data-series" }?.stringValue } == ["adagrad", "diverged"])
        let contours = elements("path", in: document).filter { $0.attributes?.contains { $0.name == "class" && $0.stringValue == "contour" } == true }
        #expect(contours.count == 14)
        // 3 + 1 finite points get circles; the title's text was escaped.
        #expect(elements("circle", in: document).count == 4)
        #expect(elements("text", in: document).contains { $0.stringValue == "x² + y² <bowl>" })
    }

    @Test func contourSegmentsLieOnTheLevelSet() {
        let plot = bowl()
        let grid = (xs: (0...40).map { -2 + Double($0) * 0.1 }, ys: (0...40).map { -2 + Double($0) * 0.1 },
                    values: (0...40).map { j in (0...40).map { i in pow(-2 + Double(i) * 0.1, 2) + pow(-2 + Double(j) * 0.1, 2) } })
        let segments = plot.contourSegments(grid, level: 1)
        #expect(segments.count > 30)
        for (a, b) in segments {
            // Linear interpolation of r² across a 0.1 cell puts points within 0.01 of the circle.
            #expect(abs((a.x * a.x + a.y * a.y).squareRoot() - 1) < 0.01)
            #expect(abs((b.x * b.x + b.y * b.y).squareRoot() - 1) < 0.01)
        }
        let levels = plot.contourLevels(grid)
        #expect(levels.count == 14 && zip(levels, levels.dropFirst()).allSatisfy { $0 < $1 })
    }
}
