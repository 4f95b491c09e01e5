import ArgumentParser
import Descent
import DescentPlot
import Foundation

struct LRFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Suggest a learning rate with the range test (Smith 2017).",
        discussion: """
            Trains the model of `descent train` (same data, split, model and optimizer
            flags, and --l1 --l2 --dropout --batch-norm --init --input-noise) for at
            most --steps mini-batches while the learning rate grows exponentially
            from --start-lr to --end-lr. The loss is smoothed (β = --smoothing) and
            the test stops once it exceeds --divergence-factor times its minimum.
            The suggestion is the rate where the smoothed loss falls fastest, at
            most a tenth of the rate at its minimum. Model and optimizer are
            restored afterwards; nothing is written but --svg.

            Examples:
              descent lr-find
              descent lr-find --optimizer sgd --momentum 0.9 --svg lr.svg
              descent lr-find --steps 200 --csv > lr-find.csv
            """)

    @Option(help: "Built-in dataset: \(SyntheticData.names.joined(separator: ", ")).")
    var dataset = "spirals"
    @Option(help: "Number of samples to generate.")
    var samples = 1500
    @Option(help: "Hidden layer sizes, comma-separated.")
    var hidden = "64,64"
    @Option(help: "Hidden activation, as in `descent train`.")
    var activation = "relu"
    @Option(help: "Optimizer: adam or sgd.")
    var optimizer = "adam"
    @Option(help: "Momentum for sgd.")
    var momentum: Float = 0
    @Option(help: "Mini-batch size.")
    var batchSize = 32
    @Option(help: "Seed for data, initialization and shuffling (as in `descent train`).")
    var seed: UInt64 = 0
    @Option(help: "Fractions for training and validation; the test uses the training part.")
    var split = "0.7,0.15"
    @OptionGroup(visibility: .hidden) var regularization: RegularizationOptions
    @Option(help: "The first learning rate.")
    var startLr: Float = 1e-7
    @Option(help: "The last learning rate, if the loss has not diverged before.")
    var endLr: Float = 10
    @Option(help: "Mini-batches (and learning rates) at most.")
    var steps = 300
    @Option(help: "β of the moving average of the loss.")
    var smoothing = 0.98
    @Option(help: "Stop when the smoothed loss exceeds this multiple of its minimum.")
    var divergenceFactor = 4.0
    @Flag(help: "Print lr,loss,smoothed_loss for every mini-batch (raw and smoothed) instead of the summary.")
    var csv = false
    @Option(help: "Write an SVG chart of the loss against the learning rate (log axis) to this file.")
    var svg: String?

    func run() throws {
        try reportingFailures {
            let test = try LearningRateRangeTest(startLearningRate: startLr, endLearningRate: endLr, steps: steps,
                                                 smoothing: smoothing, divergenceFactor: divergenceFactor)
            let (trainer, data) = try makeTrainer()
            let result = try test.run(trainer, data.features, data.targets, batchSize: batchSize, seed: seed &+ 2)
            if csv {
                print("lr,loss,smoothed_loss")
                for i in result.losses.indices { print("\(result.learningRates[i]),\(result.losses[i]),\(result.smoothedLosses[i])") }
            } else {
                print(summary(result))
            }
            if let svg {
                try AtomicFile.write(chart(result).svg(), to: URL(fileURLWithPath: svg))
                if !csv { print("Wrote \(svg)") }
            }
        }
    }

    /// The model, loss and optimizer of `descent train` for these flags, and its training split.
    func makeTrainer() throws -> (Trainer, Dataset) {
        guard batchSize > 0 else { throw CommandFailure("--batch-size \(batchSize) must be at least 1, e.g. --batch-size 32") }
        guard momentum >= 0 && momentum < 1 else { throw CommandFailure("--momentum \(momentum) must lie in [0, 1)") }
        guard let hiddenActivation = Activation(name: activation), ![.softmax, .logSoftmax].contains(hiddenActivation) else {
            throw CommandFailure("unknown --activation '\(activation)'; choose \(Activation.allCases.dropLast(2).map(\.name).joined(separator: ", "))")
        }
        guard ["adam", "sgd"].contains(optimizer) else { throw CommandFailure("unknown --optimizer '\(optimizer)'; choose adam or sgd") }
        let fractions = split.split(separator: ",").compactMap { Double($0) }
        guard fractions.count == 2 else { throw CommandFailure("--split '\(split)' must be two fractions, e.g. 0.7,0.15") }
        let data = try SyntheticData.make(dataset, samples: samples, seed: seed)
        let train = try data.split(train: fractions[0], validation: fractions[1], seed: seed).train
        let shaping = try regularization.resolved()
        let model = shaping.makeModel(
            inputSize: data.sampleShape.reduce(1, *), hidden: try parseIntegerList(hidden, flag: "--hidden"),
            outputSize: data.classCount ?? data.targets.shape.last ?? 1, activation: hiddenActivation, seed: seed &+ 1)
        let optimizer: any OptimizerProtocol = self.optimizer == "sgd"
            ? Optimizer(SGD(momentum: momentum), parameters: model.parameters)
            : Optimizer(Adam(), parameters: model.parameters)
        let loss: any Loss = data.classCount != nil ? SoftmaxCrossEntropy() : MeanSquaredError()
        let trainer = Trainer(model: model, loss: loss, optimizer: optimizer, metrics: [])
        trainer.augmentation = shaping.augmentation(seed: seed &+ 3)
        return (trainer, train)
    }

    func summary(_ result: LearningRateRangeResult) -> String {
        let last = result.learningRates.last ?? startLr
        var lines = ["Range test: \(result.losses.count) mini-batches, lr \(format(startLr)) → \(format(last)) (\(result.stopReason ?? "done"))"]
        guard let suggested = result.suggestedLearningRate else {
            lines.append("No suggestion: the loss never fell. Try a wider range (--start-lr, --end-lr) or more --steps.")
            return lines.joined(separator: "\n")
        }
        lines.append("Suggested learning rate: \(format(suggested))")
        if let steepest = result.steepestDescentLearningRate { lines.append("  steepest descent of the smoothed loss at lr \(format(steepest))") }
        if let index = result.smoothedLosses.indices.min(by: { result.smoothedLosses[$0] < result.smoothedLosses[$1] }) {
            lines.append("  minimum smoothed loss \(String(format: "%.4f", result.smoothedLosses[index])) at lr \(format(result.learningRates[index])); a tenth of it: \(format(result.learningRates[index] / 10))")
        }
        lines.append("Try: descent train --lr \(format(suggested))  (with the same data and model flags)")
        return lines.joined(separator: "\n")
    }

    func chart(_ result: LearningRateRangeResult) -> LineChart {
        let rates = result.learningRates.map(Double.init)
        // the raw losses spike near divergence and would flatten the curve: plot the smoothed ones (as fast.ai does)
        let points = zip(rates, result.smoothedLosses).map { (x: $0, y: $1) }
        var chart = LineChart(title: "Learning-rate range test", xLabel: "learning rate (log scale)", yLabel: "smoothed training loss",
                              series: [Series(name: "smoothed loss", points: points)])
        chart.logX = true
        if let suggested = result.suggestedLearningRate {
            chart.markers = [Marker(x: Double(suggested), label: "suggested \(format(suggested))")]
        }
        return chart
    }

    private func format(_ rate: Float) -> String { String(format: "%.3g", Double(rate)) }
}
