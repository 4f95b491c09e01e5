import DescentPlot
import Foundation
import Testing

@Suite struct LearningCurvesTests {
    let history = """
        epoch,loss,accuracy,val_loss,val_accuracy,lr,penalty
        1,1.0,0.5,1.1,0.45,0.01,
        2,0.6,0.7,0.8,0.6,0.005,
        3,0.4,0.8,0.9,0.62,0.0005,
        """

    @Test func tableParsesColumnsAndEmptyCells() throws {
        let table = try MetricTable(csv: history)
        #expect(table.columns == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "penalty"])
        #expect(table.values("val_loss") == [1.1, 0.8, 0.9])
        #expect(table.values("penalty") == [nil, nil, nil])
        #expect(table.points("loss").map(\.x) == [1, 2, 3])
        #expect(throws: MetricTable.Malformed.self) { try MetricTable(csv: "epoch,loss\n1,2,3\n") }
    }

    @Test func oneRunHasALossPanelAMetricPanelAndALearningRatePanelOnALogScale() throws {
        var curves = LearningCurves(runs: [("run", try MetricTable(csv: history))])
        curves.markers = [Marker(x: 2, label: "best epoch 2")]
        #expect(curves.panels == ["loss", "accuracy", "penalty", "lr"])
        let charts = curves.charts()
        #expect(charts.map(\.title) == ["Loss", "Accuracy", "Penalty", "Learning rate"])
        #expect(charts[3].logY && !charts[0].logY)
        let document = try PlotXML.parse(curves.svg())
        #expect(PlotXML.seriesNames(document) == ["train", "validation", "train", "validation", "learning rate"])
        let svg = curves.svg()
        #expect(svg.components(separatedBy: "best epoch 2").count - 1 == 4, "the marker is on every panel")
    }

    @Test func severalRunsAreOverlaidWithTheRunNameInEachSeries() throws {
        let other = try MetricTable(csv: "epoch,loss,val_loss\n1,2.0,2.1\n2,1.5,1.7\n")
        let curves = LearningCurves(runs: [("adam", try MetricTable(csv: history)), ("sgd", other)])
        let names = PlotXML.seriesNames(try PlotXML.parse(curves.svg()))
        #expect(Array(names.prefix(4)) == ["adam train", "adam validation", "sgd train", "sgd validation"])
    }

    @Test func histogramGridDrawsOneBarPerNonEmptyBucket() throws {
        let charts = [HistogramChart(title: "layer 0", edges: [-1, 0, 1, 2], counts: [3, 0, 5]),
                      HistogramChart(title: "layer 1", edges: [0, 1], counts: [8])]
        let document = try PlotXML.parse(HistogramChart.grid(charts, columns: 2))
        let bars = PlotXML.elements("rect", in: document).compactMap { PlotXML.attribute("data-count", of: $0) }
        #expect(bars == ["3", "5", "8"])
    }

    @Test func reportIsWellFormedSelfContainedAndEscaped() throws {
        var report = HTMLReport(title: "Run <a & b>")
        report.addTable(title: "Summary", header: ["key", "value"], rows: [["epochs", "3"]])
        report.addFigure(title: "Learning curves", svg: LearningCurves(runs: [("r", try MetricTable(csv: history))]).svg())
        report.addList(title: "Warnings", items: ["val_loss rose > 2 %"], isWarning: true)
        report.addPreformatted(title: "Config", text: "{\"lr\": 0.01}")
        let html = report.render()
        let document = try PlotXML.parse(html)
        #expect(PlotXML.elements("svg", in: document).count == 1)
        #expect(PlotXML.elements("td", in: document).map(\.stringValue) == ["epochs", "3"])
        #expect(html.contains("Run &lt;a &amp; b&gt;") && html.contains("rose &gt; 2 %"))
        #expect(!html.contains("<?xml") && !html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href="), "nothing is loaded from elsewhere")
    }
}
