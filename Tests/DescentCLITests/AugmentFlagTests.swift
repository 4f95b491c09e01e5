import Descent
import Foundation
import Testing

/// `--augment KEY=VALUE,…` sets the `augmentation:` keys of the experiment the flags build.
@Suite struct AugmentFlagTests {
    @Test func theFlagShowsInThePrintedExperimentAndTrains() throws {
        let folder = Descent.temporaryFolder()
        let train = try SplitFilesCommandTests.idxPair("train", count: 48, seed: 0, in: folder)
        let flags = ["--images", train.images, "--labels", train.labels, "--model", "cnn", "--filters", "4", "--hidden", "8", "--epochs", "2",
                     "--augment", "horizontal-flip=0.5,crop-padding=1,rotation=5,cutout=2,cutout-probability=0.5"]
        let printed = try Descent.run(["train", "--print-config"] + flags)
        #expect(printed.status == 0, "\(printed.standardError)")
        for line in ["horizontal_flip: 0.5", "crop_padding: 1", "rotation: 5", "cutout: 2", "cutout_probability: 0.5"] {
            #expect(printed.standardOutput.contains(line), "missing \(line)")
        }
        let run = folder.appendingPathComponent("run").path
        let trained = try Descent.run(["train", "--quiet"] + flags + ["--output", run])
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(FileManager.default.fileExists(atPath: run + "/augmented-samples.svg"))
        try OrdinaryMistakesTests.expectOneLineError(["train", "--resume", run, "--augment", "cutout=4"], "--augment")
    }

    @Test(arguments: [
        (["--augment", ""], "--augment is empty; give KEY=VALUE settings"),
        (["--augment", "shear=3"], "--augment 'shear=3': unknown setting 'shear'; choose horizontal-flip, crop-padding"),
        (["--augment", "rotation"], "--augment 'rotation': rotation needs a number, e.g. rotation=4"),
        (["--augment", "horizontal-flip=2"], "--augment expected a probability in [0, 1], got 2"),
        (["--dataset", "moons", "--augment", "cutout=4"], "--augment applies to images [H, W, C]; the samples have shape [2]"),
    ])
    func mistakesAreOneLineErrors(flags: [String], message: String) throws {
        try OrdinaryMistakesTests.expectOneLineError(["train"] + flags + ["--output", Descent.temporaryFolder().appendingPathComponent("r").path], message)
    }
}
