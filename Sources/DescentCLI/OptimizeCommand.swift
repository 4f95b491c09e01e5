import ArgumentParser
import Descent
import Foundation

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Trace optimizers on 2-D test functions: exact trajectories, contour and accumulator plots.",
        discussion: """
            Functions: \(TestFunction.all.map { "\($0.name) (\($0.formula))" }.joined(separator: ", ")).

            Optimizers: \(RuleRegistry.names.joined(separator: ", ")). Unset flags take the library defaults, which follow PyTorch. Repeat --optimizer to compare; a spec may carry its own settings after a colon (flag names without --), e.g. sgd:lr=0.1,momentum=0.9,nesterov. Repeat --start to start from several points.

            --csv prints step,x,y,f,lr (step 0 is the start); with several paths a first column 'path' names each. --svg draws the contour plot with every path; --accumulator-svg draws the norm of each rule's second-moment accumulator over the steps (AdaGrad's sum of g² only grows, RMSProp's average forgets).

            Examples:
              descent optimize --function quadratic --start 1.5,1.5 --steps 50 \\
                  --optimizer adagrad --lr 0.4 --csv
              descent optimize --optimizer adagrad --lr 0.4 --steps 10 \\
                  --start 1.5,1.5 --start -1.5,0.5 --svg adagrad.svg
              descent optimize --function rosenbrock --steps 500 --svg rb.svg \\
                  --optimizer sgd:lr=0.001,momentum=0.9 --optimizer adam:lr=0.05
              descent optimize --steps 100 --optimizer adagrad:lr=0.4 \\
                  --optimizer rmsprop:lr=0.05 --accumulator-svg accumulators.svg
            """)

    @Option(help: "Test function: \(TestFunction.all.map(\.name).joined(separator: ", ")).")
    var function = "quadratic"
    @Option(parsing: .unconditionalSingleValue, help: "Start point x,y (repeatable; default: the function's own).")
    var start: [String] = []
    @Option(parsing: .unconditional, help: "Number of updates.")
    var steps = 50
    @Option(help: "Optimizer spec NAME[:key=value,…] (repeatable): \(RuleRegistry.names.joined(separator: "|")).")
    var optimizer: [String] = []

    @Option(parsing: .unconditional, help: "Learning rate (> 0; default: the rule's).") var lr: Float?
    @Option(parsing: .unconditional, help: "Momentum μ or γ in [0, 1) (sgd, sgdw, rmsprop).") var momentum: Float?
    @Option(parsing: .unconditional, help: "Dampening τ (sgd, pytorch form).") var dampening: Float?
    @Flag(help: "Nesterov momentum (sgd).") var nesterov = false
    @Option(parsing: .unconditional, help: "Momentum form for sgd: pytorch, ema or keras.") var momentumForm: String?
    @Option(parsing: .unconditional, help: "β₁ in [0, 1).") var beta1: Float?
    @Option(parsing: .unconditional, help: "β₂ in [0, 1).") var beta2: Float?
    @Option(parsing: .unconditional, help: "ε (≥ 0).") var eps: Float?
    @Flag(help: "AMSGrad (adam, adamw).") var amsgrad = false
    @Option(parsing: .unconditional, help: "ρ in [0, 1) (adadelta; alias of --alpha for rmsprop).") var rho: Float?
    @Option(parsing: .unconditional, help: "α in [0, 1) (rmsprop).") var alpha: Float?
    @Flag(help: "Centered RMSProp.") var centered = false
    @Option(parsing: .unconditional, help: "AdaGrad's initial accumulator value.") var initialAccumulatorValue: Float?
    @Option(parsing: .unconditional, help: "AdaGrad's learning-rate decay.") var lrDecay: Float?
    @Option(parsing: .unconditional, help: "Weight decay λ: coupled L2 unless --decoupled (adamw and sgdw: always decoupled).") var weightDecay: Float?
    @Flag(help: "Make --weight-decay decoupled (θ ← θ − η·λ·θ).") var decoupled = false
    @Option(parsing: .unconditional, help: "Clip each gradient element to [−c, c].") var clipValue: Float?
    @Option(parsing: .unconditional, help: "Clip the gradient to norm c.") var clipNorm: Float?

    @Flag(help: "Print the trajectories as CSV.") var csv = false
    @Option(help: "Write the contour plot with the paths to this SVG file.") var svg: String?
    @Option(help: "Write the accumulator-norm plot to this SVG file.") var accumulatorSvg: String?

    func run() throws {
        try reportingFailures {
            let paths = try traces()
            if csv {
                print(TrajectoryReport.csv(paths), terminator: "")
            } else {
                paths.forEach { print(TrajectoryReport.summary($0)) }
            }
            if let svg { try AtomicFile.write(TrajectoryReport.contourSVG(paths, steps: steps), to: URL(fileURLWithPath: svg)) }
            if let accumulatorSvg {
                guard let chart = TrajectoryReport.accumulatorSVG(paths) else {
                    throw CommandFailure("--accumulator-svg needs a rule with an accumulator, e.g. --optimizer adagrad --optimizer rmsprop")
                }
                try AtomicFile.write(chart, to: URL(fileURLWithPath: accumulatorSvg))
            }
        }
    }

    /// One labelled trajectory per spec and start.
    func traces() throws -> [TrajectoryReport.Trace] {
        guard let testFunction = TestFunction.named(function) else {
            throw CommandFailure("unknown --function '\(function)'; choose \(TestFunction.all.map(\.name).joined(separator: ", "))")
        }
        guard steps >= 0 else { throw CommandFailure("--steps \(steps) must be ≥ 0") }
        let starts = try (start.isEmpty ? [testFunction.defaultStart] : start.map(parseStart))
        let flags = givenFlags().map { (OptimizerFlagSpec.configKey($0.key), OptimizerFlagSpec.value($0.value)) }
        let specs = try (optimizer.isEmpty ? ["sgd"] : optimizer).map { try OptimizerFlagSpec($0) }
        if let unused = flags.map(\.0).sorted().first(where: { key in !specs.contains { $0.takes(key) } }) {
            throw CommandFailure("--\(OptimizerFlagSpec.flagName(unused)) does not apply to \(specs.map(\.name).joined(separator: ", "))")
        }
        return try specs.flatMap { spec in
            var node = spec.node   // the spec's own settings win over the flags
            for (key, value) in flags where spec.takes(key) && node[key] == nil { node = node.setting(key, to: value) }
            let config = try OptimizerConfig(ConfigObject(node, file: ConfigNode.commandLine, path: "optimizer"))
            return try starts.map { point in
                let label = starts.count > 1 ? "\(spec.text) from (\(point[0]), \(point[1]))" : spec.text
                return TrajectoryReport.Trace(label: label, trajectory: try Trajectory(on: testFunction, from: point, steps: steps,
                                                                                     optimizer: { try config.makeOptimizer($0) }))
            }
        }
    }

    /// "x,y" as two finite numbers.
    func parseStart(_ text: String) throws -> [Float] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, values.count == 2, values.allSatisfy(\.isFinite) else {
            throw CommandFailure("--start '\(text)' must be two numbers x,y, e.g. --start 1.5,1.5")
        }
        return values
    }

    /// The optimizer flags that were given, by key.
    func givenFlags() -> [String: String] {
        let numbers: [(String, Float?)] = [
            ("lr", lr), ("momentum", momentum), ("dampening", dampening), ("beta1", beta1), ("beta2", beta2), ("eps", eps),
            ("rho", rho), ("alpha", alpha), ("initial-accumulator-value", initialAccumulatorValue), ("lr-decay", lrDecay),
            ("weight-decay", weightDecay), ("clip-value", clipValue), ("clip-norm", clipNorm),
        ]
        var flags: [String: String] = [:]
        for (key, value) in numbers { if let value { flags[key] = "\(value)" } }
        for (key, isOn) in [("nesterov", nesterov), ("amsgrad", amsgrad), ("centered", centered), ("decoupled", decoupled)] where isOn {
            flags[key] = "true"
        }
        flags["momentum-form"] = momentumForm
        return flags
    }
}
