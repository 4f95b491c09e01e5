import ArgumentParser
import Descent
import Foundation

/// `descent experiment transfer`: the flags of a `TransferStudy`, its run folders, CSV, chart and table.
struct TransferExperiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Train MobileNetV2 from scratch, as a frozen pretrained body with a new head, and fine-tuned, on small image sets.",
        discussion: """
            For each --per-class size k (k training images of each of 10 digits), three runs:
            scratch (MobileNetV2 from a random initialization), frozen (the --weights network cut
            at avgpool, body frozen, a new Dense head) and fine-tune (the frozen run, then
            --fine-tune-epochs more with features.14 onwards unfrozen at --learning-rate/10).
            Adam at --learning-rate, batches of 32. The images are synthetic 28×28 digits resized
            bilinearly to 64×64, three equal channels, normalized with ImageNet's mean and std;
            --validation-per-class images of each digit (one fixed set) score every run after
            every epoch.

            --weights is torchvision's MobileNetV2 state_dict (mobilenet_v2-b0353104.pth; any
            width and number of classes, read from the file). Writes OUTPUT/transfer.csv
            (per_class,run,epoch,val_accuracy,val_loss,train_loss), transfer.svg, report.html
            with the table of start (accuracy after epoch 1), slope (mean gain per epoch over
            epochs 1–5) and final accuracy, the data as .npy, the two bases and one run folder
            per run.

            Examples:
              descent experiment transfer --weights mobilenet_v2-b0353104.pth --output runs/transfer
              descent experiment transfer --weights mobilenet_v2-b0353104.pth --per-class 20 --epochs 5 --fine-tune-epochs 3
            """)

    @Option(help: ArgumentHelp("The pretrained network: a torchvision MobileNetV2 state_dict (.pth).", valueName: "file"))
    var weights: String
    @Option(help: ArgumentHelp("Training images per class, comma-separated; each size is its own three runs.", valueName: "list"))
    var perClass = "20,50,200"
    @Option(help: "Validation images per class: one fixed set that scores every run after every epoch.")
    var validationPerClass = 50
    @Option(help: "Epochs of every run (the frozen phase of the fine-tune run).")
    var epochs = 10
    @Option(help: "Further epochs of the fine-tune run, blocks features.14 on unfrozen.")
    var fineTuneEpochs = 5
    @Option(help: "Adam's learning rate; fine-tuning uses a tenth of it.")
    var learningRate: Float = 1e-3
    @Option(help: "Seed of the images, the scratch initialization, the head and the shuffling.")
    var seed: UInt64 = 0
    @Option(help: "The study folder (new or empty).")
    var output = "runs/transfer"
    @Flag(help: "Replace an earlier transfer study in --output.")
    var overwrite = false

    func run() throws {
        try reportingFailures {
            let sizes = try parseIntegerList(perClass, flag: "--per-class")
            guard Set(sizes).count == sizes.count else { throw CommandFailure("--per-class '\(perClass)' lists a size twice") }
            guard validationPerClass >= 1 else { throw CommandFailure("--validation-per-class \(validationPerClass) must be at least 1") }
            guard epochs >= 1 else { throw CommandFailure("--epochs \(epochs) must be at least 1") }
            guard fineTuneEpochs >= 1 else { throw CommandFailure("--fine-tune-epochs \(fineTuneEpochs) must be at least 1") }
            guard learningRate > 0 && learningRate.isFinite else { throw CommandFailure("--learning-rate \(learningRate) must be a positive number") }
            let study = try TransferStudy(weights: URL(fileURLWithPath: weights), perClass: sizes, validationPerClass: validationPerClass, epochs: epochs, fineTuneEpochs: fineTuneEpochs,
                                          learningRate: learningRate, seed: seed)
            let started = Date()
            let results = try study.run(output: URL(fileURLWithPath: output), isOverwriting: overwrite) { print($0) }
            print("\n" + results.table)
            print(String(format: "Finished in %.0f s. Study folder: %@ (transfer.csv, transfer.svg, report.html)", Date().timeIntervalSince(started), output))
        }
    }
}
