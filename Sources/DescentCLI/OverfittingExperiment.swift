import ArgumentParser
import Descent
import Foundation

/// An oversized MLP on a small noisy dataset, trained without and with L2, dropout and early
/// stopping; one run folder per variant and a table of the train/validation gap.
struct OverfittingExperiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overfitting",
        abstract: "Train an oversized MLP on a small noisy dataset with and without L2, dropout and early stopping.",
        discussion: """
            Generates --samples noisy two-moons points, half for training and half for
            validation, and trains a 2-256-256-256-2 ReLU network with Adam on each variant:
            baseline, l2, dropout, early-stopping and all three together. Each variant writes
            OUTPUT/<variant>/history.csv and model.yaml (its layers). The table reports, in evaluation mode
            after training (best weights restored for early stopping), the training loss, the
            validation loss and their gap.

            Examples:
              descent experiment overfitting
              descent experiment overfitting --samples 60 --epochs 400 --output runs/overfit
            """)

    @Option(help: "Number of two-moons samples (half train, half validation).")
    var samples = 100
    @Option(help: "σ of the noise added to the points.")
    var noise: Float = 0.35
    @Option(help: "Epochs per variant.")
    var epochs = 300
    @Option(help: "L2 strength of the l2 variant (Keras convention: l2·Σw²).")
    var l2: Float = 1e-3
    @Option(help: "Dropout rate of the dropout variant.")
    var dropout: Float = 0.5
    @Option(help: "Patience of the early-stopping variant (val_loss, best weights restored).")
    var patience = 20
    @Option(help: "Seed for data, weights, shuffling and dropout.")
    var seed: UInt64 = 0
    @Option(help: "Folder for the run folders of the variants.")
    var output = "runs/overfitting"

    func run() throws {
        try reportingFailures {
            guard samples >= 8, epochs >= 1, noise >= 0, l2 >= 0, dropout >= 0 && dropout < 1, patience >= 0 else {
                throw CommandFailure("need --samples ≥ 8, --epochs ≥ 1, --noise ≥ 0, --l2 ≥ 0, --dropout in [0, 1) and --patience ≥ 0")
            }
            let data = SyntheticData.moons(samples: samples, noise: noise, generator: RandomGenerator(seed: seed))
            let parts = try data.split(train: 0.5, validation: 0.5, seed: seed)
            let variants: [(String, Variant)] = [
                ("baseline", Variant()),
                ("l2", Variant(l2: l2)),
                ("dropout", Variant(dropout: dropout)),
                ("early-stopping", Variant(patience: patience)),
                ("all", Variant(l2: l2, dropout: dropout, patience: patience)),
            ]
            print("variant          epochs  train_loss  val_loss  gap      val_accuracy")
            for (name, settings) in variants {
                let row = try train(name, settings, parts.train, parts.validation)
                print(row)
            }
            print("Run folders: \(output)/<variant>/history.csv")
        }
    }

    /// The regularization of one variant.
    struct Variant {
        var l2: Float = 0
        var dropout: Float = 0
        var patience: Int?
    }

    func train(_ name: String, _ variant: Variant, _ train: Dataset, _ validation: Dataset) throws -> String {
        let folder = URL(fileURLWithPath: output).appendingPathComponent(name)
        try AtomicFile.prepareFolder(folder)
        let layers = ModelSpec.multilayerPerceptron(hidden: [256, 256, 256], outputs: 2, dropout: variant.dropout, l2: variant.l2)
        let model = try ModelSpec(inputShape: [2], layers: layers).build(generators: LayerGenerators(seed: seed &+ 1), file: "overfitting")
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
                              optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 1e-3))
        var callbacks: [any Callback] = variant.patience.map { [EarlyStopping(monitor: .validationLoss, patience: $0, restoresBestWeights: true, isVerbose: false)] } ?? []
        callbacks.append(CSVLogger(url: folder.appendingPathComponent("history.csv")))
        try AtomicFile.write(ConfigNode(.array(layers)).yamlText, to: folder.appendingPathComponent("model.yaml"))
        let history = try trainer.fit(train.features, train.targets, epochs: epochs, batchSize: 16,
                                      validationData: (validation.features, validation.targets),
                                      seed: seed &+ 2, verbosity: .silent, callbacks: callbacks)
        let trainLoss = trainer.evaluate(train.features, train.targets)[.loss]!
        let validationResult = trainer.evaluate(validation.features, validation.targets)
        let (validationLoss, accuracy) = (validationResult[.loss]!, validationResult[.accuracy]!)
        return name.padding(toLength: 17, withPad: " ", startingAt: 0)
            + String(format: "%6d  %10.4f  %8.4f  %-7.4f  %.4f", history.epochs.count, trainLoss, validationLoss, validationLoss - trainLoss, accuracy)
    }
}
