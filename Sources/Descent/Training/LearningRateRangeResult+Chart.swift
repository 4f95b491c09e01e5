import DescentPlot
import Foundation

extension LearningRateRangeResult {
    /// The smoothed loss against the learning rate on a log axis, with a marker at the
    /// suggested rate when there is one. The raw losses spike near divergence and would
    /// flatten the curve, so only the smoothed ones are drawn (as fast.ai does).
    ///
    ///     try AtomicFile.write(result.chart().svg(), to: URL(fileURLWithPath: "lr-find.svg"))
    public func chart() -> LineChart {
        let points = zip(learningRates.map(Double.init), smoothedLosses).map { (x: $0, y: $1) }
        var chart = LineChart(title: "Learning-rate range test", xLabel: "learning rate (log scale)", yLabel: "smoothed training loss",
                              series: [Series(name: "smoothed loss", points: points)])
        chart.logX = true
        if let suggestedLearningRate {
            chart.markers = [Marker(x: Double(suggestedLearningRate), label: "suggested \(String(format: "%.3g", Double(suggestedLearningRate)))")]
        }
        return chart
    }
}
