@testable import Descent
import Testing

@Suite struct TrajectoryReportTests {
    func trace(_ label: String, steps: Int) -> TrajectoryReport.Trace { trace(label, steps: steps, rule: SGD()) }

    func trace<Rule: UpdateRule>(_ label: String, steps: Int, rule: Rule) -> TrajectoryReport.Trace {
        let path = Trajectory(on: .quadratic, from: [1.5, 1.5], steps: steps) { Optimizer(rule, parameters: $0, learningRate: 0.1) }
        return TrajectoryReport.Trace(label: label, trajectory: path)
    }

    @Test func csvHasAHeaderAndOneRowPerStep() {
        let lines = TrajectoryReport.csv([trace("sgd", steps: 5)]).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "step,x,y,f,lr")
        #expect(lines.count == 1 + 6 + 1, "header, steps 0…5, and the final newline's empty line")
        #expect(lines[1] == "0,1.5,1.5,\(Float(TestFunction.quadratic.value(x: 1.5, y: 1.5))),0.1")
        #expect(lines.last == "")
    }

    @Test func severalTracesGetAQuotedPathColumn() {
        let text = TrajectoryReport.csv([trace("sgd", steps: 2), trace("sgd from (1, 2)", steps: 2)])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "path,step,x,y,f,lr")
        #expect(lines.count == 1 + 3 + 3)
        #expect(lines[4].hasPrefix("\"sgd from (1, 2)\",0,"))
    }

    @Test func summaryNamesStartEndAndSteps() {
        let line = TrajectoryReport.summary(trace("sgd", steps: 3))
        #expect(line.hasPrefix("sgd: (1.5, 1.5) → ("))
        #expect(line.hasSuffix("after 3 steps"))
    }

    @Test func accumulatorChartNeedsARuleThatKeepsOne() throws {
        #expect(TrajectoryReport.accumulatorSVG([trace("sgd", steps: 3)]) == nil)
        let svg = try #require(TrajectoryReport.accumulatorSVG([trace("sgd", steps: 3), trace("adagrad", steps: 3, rule: AdaGrad())]))
        #expect(svg.contains("adagrad") && !svg.contains(">sgd<"))
        #expect(TrajectoryReport.contourSVG([trace("sgd", steps: 3)], steps: 3).contains("3 steps"))
    }

    @Test func rangesWidenOnlyToIncludeOutsidePoints() {
        #expect(TrajectoryReport.widened(-1...1, toInclude: [0.5]) == -1...1)
        // low −3 is outside: margin (1 − (−3))·0.1 = 0.4.
        #expect(TrajectoryReport.widened(-1...1, toInclude: [-3]) == -3.4...1)
    }
}
