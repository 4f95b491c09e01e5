@testable import Descent
import Foundation
import Testing

@Suite struct LearningRateRangeChartTests {
    /// 30 rates from 10⁻⁴ growing ×1.5; the loss falls, bottoms out at index 20, then rises.
    func result() -> LearningRateRangeResult {
        let rates = (0..<30).map { Float(1e-4 * pow(1.5, Double($0))) }
        let losses = (0..<30).map { (i: Int) -> Double in
            let distance = Double(i - 20)
            return 1 + distance * distance / 100
        }
        return LearningRateRangeResult(learningRates: rates, losses: losses, smoothedLosses: losses, stopReason: nil)
    }

    @Test func chartDrawsTheSmoothedLossOnALogAxisWithTheSuggestion() throws {
        let result = result()
        let chart = result.chart()
        #expect(chart.logX)
        #expect(chart.series.count == 1 && chart.series[0].points.count == 30)
        #expect(chart.series[0].points[20].y == 1 && chart.series[0].points[0].x == Double(result.learningRates[0]))
        let suggested = try #require(result.suggestedLearningRate)
        #expect(chart.markers.map(\.x) == [Double(suggested)])
        #expect(chart.markers[0].label.hasPrefix("suggested "))
    }

    @Test func noSuggestionNoMarker() {
        let empty = LearningRateRangeResult(learningRates: [], losses: [], smoothedLosses: [], stopReason: "diverged")
        #expect(empty.suggestedLearningRate == nil)
        #expect(empty.chart().markers.isEmpty)
    }
}
