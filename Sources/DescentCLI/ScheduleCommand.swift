import ArgumentParser
import Descent
import DescentPlot
import Foundation

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print or plot learning-rate schedules.",
        discussion: """
            Schedules and their flags (t counts steps from 0):
              constant         --lr
              piecewise        --boundaries 30,60 --values 0.1,0.01,0.001
              step             --lr --step-size K [--gamma 0.1]     lr·γ^⌊t/K⌋
              multistep        --lr --milestones 15,40 [--gamma 0.1]
              exponential      --lr --k K                           lr·e^(−kt)
                               --lr --decay-rate R --decay-steps T [--staircase]
              inverse-time     --lr --k K                           lr/(1+kt)
              polynomial       --lr [--total-steps] [--power 1] [--end-lr 0]
              cosine           --lr [--t-max] [--min-lr 0]
              cosine-restarts  --lr --t0 T0 [--t-mult 1] [--min-lr 0]
                               [--restart-decay 1]
              cyclic           --mode triangular|triangular2|exp-range
                               --base-lr --max-lr --step-size-up S [--gamma]
              one-cycle        --max-lr [--total-steps] [--anneal cos|linear]
            Any of them: --warmup-steps N [--warmup-start-factor 0]
            [--warmup-shape linear|cosine]. --total-steps and --t-max default
            to --steps less the warm-up. Several names share the flags and go
            on one chart (--svg) or into one CSV, one column each.

            Examples:
              descent schedule cosine-restarts --lr 0.1 --t0 10 --t-mult 2 \\
                --steps 150 --csv
              descent schedule cosine --lr 0.1 --warmup-steps 10 --svg w.svg
              descent schedule cyclic --mode triangular2 --base-lr 0.001 \\
                --max-lr 0.1 --step-size-up 20 --steps 160 --svg clr.svg
              descent schedule step exponential cosine --lr 0.1 \\
                --step-size 30 --k 0.02 --svg decays.svg
            """)

    @Argument(help: "One or more of: \(ScheduleRegistry.names.joined(separator: ", ")).")
    var names: [String]
    @Option(parsing: .unconditional, help: "The initial learning rate η₀ (the base for cyclic, the peak for one-cycle).")
    var lr: Float?
    @OptionGroup var parameters: ScheduleOptions
    @Option(parsing: .unconditional, help: "Steps to print or plot.")
    var steps = 100
    @Flag(help: "Print step,lr for every step from 0 (one column per schedule).")
    var csv = false
    @Option(help: "Write an SVG chart of the schedules to this file.")
    var svg: String?
    @Flag(help: "Plot the learning rate on a log axis.")
    var logY = false

    func run() throws {
        try reportingFailures {
            guard steps >= 1 else { throw CommandFailure("--steps \(steps) must be at least 1") }
            guard Set(names).count == names.count else { throw CommandFailure("a schedule is named twice in \(names.joined(separator: " "))") }
            if let lr, !(lr.isFinite && lr >= 0) { throw CommandFailure("--lr \(lr) must be a finite rate ≥ 0") }
            let types = try names.map { name in
                guard let type = ScheduleRegistry.type(named: name) else {
                    throw CommandFailure("unknown schedule '\(name)'; choose one of \(ScheduleRegistry.names.joined(separator: ", "))")
                }
                return type
            }
            let schedules = try types.map { type in
                guard let rate = lr ?? parameters.baseLr ?? parameters.maxLr ?? (type.typeName == "piecewise" ? 0 : nil) else {
                    throw CommandFailure("the \(type.typeName) schedule needs --lr, e.g. --lr 0.1")
                }
                // several schedules share the flags, each reading its own
                let keys = types.count > 1 ? Set(type.configKeys + ScheduleConfig.warmupKeys) : nil
                return try parameters.config(name: type.typeName, keys: keys).makeSchedule(learningRate: rate, horizon: steps)
            }
            let read = Set(types.flatMap { $0.configKeys } + ScheduleConfig.warmupKeys)
            if let unused = try parameters.givenSettings().map(\.0).first(where: { !read.contains($0) }) {
                throw CommandFailure("--\(unused.replacingOccurrences(of: "_", with: "-")) does not apply to \(names.joined(separator: ", "))")
            }
            if csv { print(table(schedules), terminator: "") }
            if let svg {
                try AtomicFile.write(chart(schedules).svg(), to: URL(fileURLWithPath: svg))
                if !csv { print("Wrote \(svg)") }
            }
            if !csv && svg == nil { print(summary(schedules)) }
        }
    }

    /// `step,lr` (or `step,NAME,…` for several schedules), one row per step from 0.
    func table(_ schedules: [any Schedule]) -> String {
        let header = schedules.count == 1 ? "step,lr" : "step," + names.joined(separator: ",")
        let rows = (0..<steps).map { t in ([String(t)] + schedules.map { "\($0(t))" }).joined(separator: ",") }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// The schedules on one chart, with dashed lines at warm-up ends and restarts.
    func chart(_ schedules: [any Schedule]) -> LineChart {
        let series = zip(names, schedules).map { name, schedule in
            Series(name: name, points: (0..<steps).map { (x: Double($0), y: Double(schedule($0))) })
        }
        let warmedUp = schedules.contains { $0 is Warmup } ? " with warm-up" : ""
        let title = (schedules.count == 1 ? "Learning rate: \(names[0])" : "Learning-rate schedules") + warmedUp
        var chart = LineChart(title: title, xLabel: "step", yLabel: "learning rate", series: series)
        chart.logY = logY
        for schedule in schedules {
            let warmup = schedule as? Warmup
            if let warmup { chart.markers.append(Marker(x: Double(warmup.steps), label: "warm-up end")) }
            if let restarts = (warmup?.base ?? schedule) as? CosineDecayRestarts {
                let offset = warmup?.steps ?? 0
                chart.markers += restarts.restarts(before: steps - offset).map { Marker(x: Double($0 + offset), label: "restart") }
            }
        }
        return chart
    }

    /// Each schedule's description and its rate at ten evenly spaced steps.
    func summary(_ schedules: [any Schedule]) -> String {
        let marks = Array(Set((0...10).map { $0 * (steps - 1) / 10 })).sorted()
        var lines: [String] = []
        for (name, schedule) in zip(names, schedules) {
            lines.append("\(name): \(schedule)")
            lines += marks.map { "  step \($0): \(schedule($0))" }
        }
        lines.append("(--csv prints every step, --svg FILE plots them)")
        return lines.joined(separator: "\n")
    }
}
