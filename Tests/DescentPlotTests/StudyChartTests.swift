import DescentPlot
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The charts of the optimizer study: box plots, heat maps and bands around lines.
@Suite struct StudyChartTests {
    /// Quartiles interpolate between order statistics (NumPy's default); 100 lies beyond 1.5 IQR.
    @Test func boxSummaryHasQuartilesWhiskersAndOutliers() throws {
        let box = try #require(BoxPlot.summary([1, 2, 3, 4, 5, 100, .nan]))
        #expect(box.q1 == 2.25 && box.median == 3.5 && box.q3 == 4.75)
        #expect(box.low == 1 && box.high == 5 && box.outliers == [100])
        #expect(BoxPlot.summary([.nan]) == nil)
    }

    @Test func boxPlotDrawsOneBoxPerGroupWithValues() throws {
        let svg = BoxPlot(title: "a <b>", yLabel: "accuracy", groups: [("adam", [0.9, 0.92, 0.91]), ("sgd", [0.8, 0.85, 0.9]), ("lion", [])]).svg()
        let boxes = PlotXML.elements("rect", in: try PlotXML.parse(svg)).filter { PlotXML.attribute("data-group", of: $0) != nil }
        #expect(boxes.compactMap { PlotXML.attribute("data-group", of: $0) } == ["adam", "sgd"])
        #expect(PlotXML.attribute("data-median", of: boxes.first) == "0.91")
    }

    @Test func heatMapColoursEveryCellAndGreysMissingOnes() throws {
        var chart = HeatMap(title: "rank", rows: ["adam", "sgd"], columns: ["digits", "mnist"], values: [[1, 2], [2, nil]])
        chart.isLowDark = true
        let cells = PlotXML.elements("rect", in: try PlotXML.parse(chart.svg())).filter { PlotXML.attribute("data-value", of: $0) != nil }
        #expect(cells.count == 4)
        #expect(PlotXML.attribute("fill", of: cells[3]) == "#dddddd")
        #expect(PlotXML.attribute("fill", of: cells[0]) != PlotXML.attribute("fill", of: cells[1]))
    }

    @Test func seriesBandIsAPolygonUnderItsLine() throws {
        var series = Series(name: "adam", points: [(1, 0.5), (2, 0.7)])
        series.band = [(1, 0.4, 0.6), (2, 0.65, 0.75)]
        let document = try PlotXML.parse(LineChart(title: "t", xLabel: "x", yLabel: "y", series: [series]).svg())
        let polygons = PlotXML.elements("polygon", in: document)
        #expect(polygons.count == 1 && PlotXML.attribute("data-band", of: polygons.first) == "adam")
        #expect(PlotXML.attribute("points", of: polygons.first)?.split(separator: " ").count == 4)
    }
}
