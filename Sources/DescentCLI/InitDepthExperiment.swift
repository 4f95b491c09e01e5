import ArgumentParser
import Descent
import Foundation

/// `descent experiment init-depth`: the flags of an `InitDepthStudy`, its tables or CSV, and its
/// charts written to a folder.
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

    func run() throws {
        try reportingFailures {
            guard depth >= 1, width >= 1, batch >= 2 else { throw CommandFailure("--depth and --width must be at least 1 and --batch at least 2") }
            let study = try InitDepthStudy(depth: depth, width: width, batch: batch, seed: seed)
            let profiles = study.run()
            print(csv ? study.csvText(profiles) : study.tableText(profiles))
            guard let svg else { return }
            let folder = URL(fileURLWithPath: svg)
            try AtomicFile.prepareFolder(folder)
            let urls = study.charts(profiles).map { chart in (folder.appendingPathComponent(chart.fileName), chart.svg) }
            for (url, text) in urls { try AtomicFile.write(text, to: url) }
            print("Charts: \(urls.map(\.0.path).joined(separator: ", "))")
        }
    }
}
