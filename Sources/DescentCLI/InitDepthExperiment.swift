import ArgumentParser
import Descent
import DescentPlot
import Foundation

/// A deep, wide MLP under three initializations and two activations: the standard deviation of
/// each layer's activations and the norm of each layer's weight gradient, after one forward
/// and one backward pass of a mean-squared-error loss against random targets.
struct InitDepthExperiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init-depth",
        abstract: "Show vanishing activations and gradients under normal(0, 0.01), and stable ones under Glorot/He.",
        discussion: """
            For tanh and ReLU, builds a network of --depth Dense layers of --width units under
            normal(0, 0.01), Glorot-normal and He-normal weights (zero biases), feeds a batch of
            standard normal inputs, and prints per layer the standard deviation of the
            activations and the Frobenius norm of ∂L/∂W. With σ = 0.01 each layer multiplies the
            scale by about 0.01·√width, so signals and gradients vanish; Glorot keeps tanh
            stable and He keeps ReLU stable.

            Examples:
              descent experiment init-depth
              descent experiment init-depth --svg runs/init-depth --csv
            """)

    @Option(help: "Number of layers.")
    var depth = 10
    @Option(help: "Units per layer.")
    var width = 500
    @Option(help: "Samples in the batch.")
    var batch = 256
    @Option(help: "Seed for inputs, targets and weights.")
    var seed: UInt64 = 0
    @Option(help: "Folder for init-depth-activations.svg and init-depth-gradients.svg.")
    var svg: String?
    @Flag(help: "Print CSV rows (activation,init,layer,activation_std,gradient_norm) instead of tables.")
    var csv = false

    struct Profile {
        var activation: Activation
        var initializer: Initializer
        var label: String { "\(activation.name), \(initializer)" }
        var activationStd: [Double] = []
        var gradientNorm: [Double] = []
    }

    func run() throws {
        try reportingFailures {
            guard depth >= 1, width >= 1, batch >= 2 else { throw CommandFailure("--depth and --width must be at least 1 and --batch at least 2") }
            var profiles: [Profile] = []
            for activation in [Activation.tanh, .relu] {
                for initializer in [Initializer.normal(mean: 0, standardDeviation: 0.01), .glorotNormal, .heNormal] {
                    profiles.append(measure(Profile(activation: activation, initializer: initializer)))
                }
            }
            print(csv ? csvText(profiles) : tables(profiles))
            if let svg { try writeCharts(profiles, folder: svg) }
        }
    }

    func measure(_ profile: Profile) -> Profile {
        var profile = profile
        let generator = RandomGenerator(seed: seed)
        let x = Tensor.randomNormal([batch, width], generator: generator)
        let targets = Tensor.randomNormal([batch, width], generator: generator)
        let layers = (0..<depth).map { _ in
            Dense(inputSize: width, outputSize: width, activation: profile.activation,
                  weightInitializer: profile.initializer, generator: generator)
        }
        var h = x
        for layer in layers {
            h = layer(h)
            profile.activationStd.append(Self.standardDeviation(h.scalars))
        }
        MeanSquaredError()(h, targets).backward()
        profile.gradientNorm = layers.map { layer in
            (layer.weight.gradient?.scalars ?? []).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        }
        return profile
    }

    static func standardDeviation(_ values: [Float]) -> Double {
        let n = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / n
        return (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n).squareRoot()
    }

    func tables(_ profiles: [Profile]) -> String {
        let header = "layer".padding(toLength: 28, withPad: " ", startingAt: 0) + (1...depth).map { String(format: "%9d", $0) }.joined()
        func table(_ title: String, _ values: (Profile) -> [Double]) -> String {
            ([title, header] + profiles.map { p in
                p.label.padding(toLength: 28, withPad: " ", startingAt: 0) + values(p).map { String(format: "%9.2e", $0) }.joined()
            }).joined(separator: "\n")
        }
        return table("Activation standard deviation per layer", \.activationStd) + "\n\n"
            + table("Weight-gradient norm ‖∂L/∂W‖ per layer", \.gradientNorm)
    }

    func csvText(_ profiles: [Profile]) -> String {
        var lines = ["activation,init,layer,activation_std,gradient_norm"]
        for p in profiles {
            for layer in 0..<depth {
                lines.append("\(p.activation.name),\(p.initializer),\(layer + 1),\(p.activationStd[layer]),\(p.gradientNorm[layer])")
            }
        }
        return lines.joined(separator: "\n")
    }

    func writeCharts(_ profiles: [Profile], folder: String) throws {
        let url = URL(fileURLWithPath: folder)
        try AtomicFile.prepareFolder(url)
        for (name, title, values) in [("activations", "Activation standard deviation", \Profile.activationStd),
                                      ("gradients", "Weight-gradient norm", \Profile.gradientNorm)] {
            let series = profiles.map { p in
                Series(name: p.label, points: p[keyPath: values].enumerated().map { (x: Double($0.offset + 1), y: Swift.max($0.element, 1e-30)) })
            }
            var chart = LineChart(title: "\(title) by layer (\(depth)×\(width))", xLabel: "layer", yLabel: title, series: series)
            chart.logY = true
            try AtomicFile.write(chart.svg(), to: url.appendingPathComponent("init-depth-\(name).svg"))
        }
        print("Charts: \(url.appendingPathComponent("init-depth-activations.svg").path), \(url.appendingPathComponent("init-depth-gradients.svg").path)")
    }
}
