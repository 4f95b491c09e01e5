import ArgumentParser
import Descent
import Foundation

/// `descent zoo list|build`: torchvision's networks as saved model folders.
struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "torchvision's classification networks (VGG, ResNet, MobileNetV2) with their parameter names.",
        subcommands: [List.self, Build.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the architectures with their parameter counts (1000 classes, 224×224×3).")

        func run() throws {
            try reportingFailures { print(try ModelZoo.listing()) }
        }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a network as a saved model folder, optionally with PyTorch weights.",
            discussion: """
                The folder works with summary, evaluate, predict and as the base of an
                experiment (base: {model: DIR, cut_at: avgpool, freeze_until: …}). Parameter
                names are torchvision's (layer1.0.conv1.weight), so --weights takes a
                torchvision state_dict (.pth in either torch format, or safetensors), loaded
                strictly: a missing, unexpected or mis-shaped key is an error and nothing is
                written. The model carries torchvision's ImageNet preprocessing: give it 0–255
                pixels.

                Examples:
                  descent zoo build resnet18 --classes 10 --input 32,32,3 --output zoo/resnet18
                  descent zoo build mobilenet_v2 --classes 1000 --input 224,224,3 --weights mobilenet_v2-b0353104.pth --output zoo/mnv2
                """)

        @Argument(help: ArgumentHelp("The architecture (see descent zoo list).", valueName: "name"))
        var name: String
        @Option(help: "The number of classes (1000 for ImageNet weights).")
        var classes: Int
        @Option(help: ArgumentHelp("The input size H,W,C, at least 32,32 (e.g. 224,224,3).", valueName: "H,W,C"))
        var input: String
        @Option(help: ArgumentHelp("A PyTorch state_dict of the same network (.pth or .safetensors).", valueName: "file"))
        var weights: String?
        @Option(help: "The seed of the initial weights when no --weights is given.")
        var seed: UInt64?
        @Option(help: ArgumentHelp("The model folder to write.", valueName: "folder"))
        var output: String
        @Flag(help: "Replace the files of an existing model folder.")
        var overwrite = false

        func run() throws {
            try reportingFailures {
                let shape = try parseIntegerList(input, flag: "--input")
                if weights != nil && seed != nil { throw CommandFailure("--seed sets initial weights, --weights replaces them: choose one") }
                let folder = URL(fileURLWithPath: output)
                let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                if !existing.isEmpty && !overwrite {
                    throw CommandFailure("--output '\(output)' is not empty; choose another folder or pass --overwrite")
                }
                let saved = try ModelZoo.savedModel(name, classes: classes, inputShape: shape, weights: weights.map { URL(fileURLWithPath: $0) }, seed: seed ?? 0)
                try saved.save(to: folder)
                print("wrote \(name) (\(saved.model.parameterCount) parameters and running statistics\(weights.map { ", weights from \($0)" } ?? "")) to \(output)")
            }
        }
    }
}
