import DescentPlot
import Foundation

/// Reports on labelled optimizer trajectories (what `descent optimize` prints and draws): CSV,
/// a one-line summary, the contour plot with every path and the accumulator-norm chart.
///
///     let path = Trajectory(on: .rosenbrock, from: [-1, 1], steps: 100) { Optimizer(Adam(), parameters: $0, learningRate: 0.05) }
///     let traces = [TrajectoryReport.Trace(label: "adam", trajectory: path)]
///     print(TrajectoryReport.csv(traces))
public enum TrajectoryReport {
    /// One labelled path.
    public struct Trace {
        public var label: String
        public var trajectory: Trajectory

        public init(label: String, trajectory: Trajectory) {
            self.label = label
            self.trajectory = trajectory
        }
    }

    /// `step,x,y,f,lr`, one row per step (step 0 is the start), ending in a newline; with
    /// several traces a first column `path`. Numbers are Float32 in their shortest exact form.
    public static func csv(_ traces: [Trace]) -> String {
        let labelled = traces.count > 1
        var lines = [(labelled ? "path," : "") + "step,x,y,f,lr"]
        for trace in traces {
            let prefix = labelled ? csvField(trace.label) + "," : ""
            for p in trace.trajectory.points {
                lines.append(prefix + "\(p.step),\(p.x),\(p.y),\(p.value),\(p.learningRate)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A field quoted when it holds a comma or a quote (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(",") || text.contains("\"") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `adam: (1.5, 1.5) → (x, y), f = … → … after N steps`.
    public static func summary(_ trace: Trace) -> String {
        let points = trace.trajectory.points
        let (first, last) = (points[0], points[points.count - 1])
        return "\(trace.label): (\(first.x), \(first.y)) → (\(last.x), \(last.y)), f = \(first.value) → \(last.value) after \(last.step) steps"
    }

    /// The SVG contour plot of the traces' function (that of the first) with every path; the
    /// region grows to show every start. `steps` appears in the title.
    public static func contourSVG(_ traces: [Trace], steps: Int) -> String {
        let function = traces[0].trajectory.function
        let starts = traces.map { (x: Double($0.trajectory.points[0].x), y: Double($0.trajectory.points[0].y)) }
        let xRange = widened(function.xRange, toInclude: starts.map(\.x))
        let yRange = widened(function.yRange, toInclude: starts.map(\.y))
        let paths = traces.map { trace in
            Series(name: trace.label, points: trace.trajectory.points.map { (x: Double($0.x), y: Double($0.y)) })
        }
        let plot = ContourPlot(title: "\(function.name): f = \(function.formula), \(steps) steps",
                               xRange: xRange, yRange: yRange, paths: paths) { x, y in function.value(x: x, y: y) }
        return plot.svg()
    }

    /// The SVG chart of ‖accumulator‖₂ over the steps for every trace whose rule keeps one
    /// (AdaGrad, RMSProp, …); nil when none does.
    public static func accumulatorSVG(_ traces: [Trace]) -> String? {
        let series = traces.compactMap { trace -> Series? in
            let points = trace.trajectory.points.compactMap { p in p.accumulatorNorm.map { (x: Double(p.step), y: Double($0)) } }
            return points.isEmpty ? nil : Series(name: trace.label, points: points)
        }
        guard !series.isEmpty else { return nil }
        var chart = LineChart(title: "Accumulator norm: AdaGrad sums g², RMSProp averages it", xLabel: "step",
                              yLabel: "‖accumulator‖₂", series: series)
        chart.logY = series.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
        return chart.svg()
    }

    /// `range` extended by 10 % beyond any of `values` outside it.
    static func widened(_ range: ClosedRange<Double>, toInclude values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        let low = min(range.lowerBound, finite.min() ?? range.lowerBound)
        let high = max(range.upperBound, finite.max() ?? range.upperBound)
        guard low < range.lowerBound || high > range.upperBound else { return range }
        let margin = (high - low) * 0.1
        return (low < range.lowerBound ? low - margin : low)...(high > range.upperBound ? high + margin : high)
    }
}
