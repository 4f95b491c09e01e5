import ArgumentParser
import Descent
import Foundation

/// `descent experiment overfitting`: the flags of an `OverfittingStudy`, one run folder per
/// variant (history.csv, model.yaml) and a table of the train/validation gap.
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
            let study = try OverfittingStudy(samples: samples, noise: noise, epochs: epochs, l2: l2, dropout: dropout,
                                             patience: patience, seed: seed)
            let (train, validation) = try study.data()
            print(OverfittingOutcome.header)
            for variant in study.variants {
                let folder = URL(fileURLWithPath: output).appendingPathComponent(variant.name)
                try AtomicFile.prepareFolder(folder)
                try AtomicFile.write(ConfigNode(.array(study.modelLayers(variant))).yamlText, to: folder.appendingPathComponent("model.yaml"))
                let logger = CSVLogger(url: folder.appendingPathComponent("history.csv"))
                print(try study.train(variant, train: train, validation: validation, callbacks: [logger]).row)
            }
            print("Run folders: \(output)/<variant>/history.csv")
        }
    }
}
