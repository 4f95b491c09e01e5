@testable import Descent
import Foundation
import Testing

/// The `augmentation:` section: its keys read, checked and written back; image transformations
/// only on images; a run that augments shows its samples in report.html and resumes bit for bit.
@Suite(.serialized) struct AugmentationConfigTests {
    /// 120 random 8×8×1 images of 3 classes as NPY files; a small CNN; `augmentation` as given.
    static func experiment(_ augmentation: String, output: URL, epochs: Int = 3) throws -> Experiment {
        let folder = output.deletingLastPathComponent()
        let pixels: [Float] = (0..<(120 * 64)).map { (i: Int) -> Float in
            let value: Int = (i * 37 + (i / 64 % 3) * 50) % 256
            return Float(value)
        }
        let images = npyBytes(major: 1, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (120, 8, 8, 1), }", payload: littleEndianBytes(pixels))
        let labels = npyBytes(major: 1, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (120,), }", payload: littleEndianBytes((0..<120).map { Float($0 % 3) }))
        let text = """
            data: {images: \(writeFile(images, "images.npy", in: folder)), labels: \(writeFile(labels, "labels.npy", in: folder))}
            model:
              - {type: conv2d, filters: 4, kernel_size: 3, padding: same, activation: relu}
              - {type: max_pool_2d, pool_size: 2}
              - {type: flatten}
              - {type: dropout, rate: 0.2}
              - {type: dense, units: 3}
            augmentation: \(augmentation)
            checkpoint: {every_batches: 2, keep: 3}
            epochs: \(epochs)
            batch_size: 16
            seed: 4
            output: \(output.path)
            """
        return try Experiment(node: try ConfigNode.parse(text, file: "augment.yaml"), file: "augment.yaml")
    }

    static func output() -> URL { temporaryFolder().appendingPathComponent("run") }

    @Test func theSectionReadsChecksAndWritesBackEveryKey() throws {
        let experiment = try Self.experiment("{horizontal_flip: 0.5, crop_padding: 2, rotation: 10, rotation_probability: 0.3, cutout: 3, input_noise: 0.01}",
                                             output: Self.output())
        #expect(experiment.imageAugmentation == ImageAugmentation.Settings(flipProbability: 0.5, cropPadding: 2, rotationDegrees: 10,
                                                                           rotationProbability: 0.3, cutoutSize: 3))
        let yaml = try experiment.resolvedNode().yamlText
        #expect(yaml.contains("horizontal_flip: 0.5") && yaml.contains("crop_padding: 2") && yaml.contains("translation: 0")
                && yaml.contains("rotation_probability: 0.3") && yaml.contains("cutout: 3") && yaml.contains("cutout_probability: 1"))
        let reread = try Experiment(node: try experiment.resolvedNode(), file: "resolved")
        #expect(reread.imageAugmentation == experiment.imageAugmentation && reread.inputNoise == experiment.inputNoise)
        let augmentation = try #require(try ExperimentSetup(experiment).makeTrainer(phase: 0).augmentation as? ImageAugmentation)
        #expect(augmentation.settings.noiseStandardDeviation == 0.01 && augmentation.settings.cutoutSize == 3)
    }

    @Test(arguments: [
        ("{horizontal_flip: 1.5}", "augment.yaml:8: augmentation.horizontal_flip: expected a probability in [0, 1], got 1.5"),
        ("{rotation: -5}", "augmentation.rotation: expected degrees in [0, 180], got -5"),
        ("{translation: 0.9}", "augmentation.translation: expected a fraction of the image size in [0, 0.5], got 0.9"),
        ("{cutout: 2.5}", "augmentation.cutout: expected an integer"),
        ("{shear: 4}", "augmentation.shear: unknown key"),
    ])
    func badSettingsNameTheKey(section: String, message: String) throws {
        do {
            _ = try Self.experiment(section, output: Self.output())
            Issue.record("no error for \(section)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func imageTransformationsNeedImages() throws {
        let text = """
            data: {dataset: moons, samples: 100}
            model: [{type: dense, units: 2}]
            augmentation: {input_noise: 0.1, cutout: 4}
            """
        let experiment = try Experiment(node: try ConfigNode.parse(text, file: "flat.yaml"), file: "flat.yaml")
        #expect(throws: DescentError.config(file: "flat.yaml", keyPath: "augmentation.cutout", line: nil,
                                            problem: "applies to images [H, W, C]; the samples have shape [2] (use input_noise for other data)")) {
            _ = try ExperimentSetup(experiment)
        }
    }

    @Test func anAugmentedRunShowsItsSamplesAndResumesBitForBit() throws {
        let augmentation = "{horizontal_flip: 0.5, crop_padding: 1, translation: 0.1, rotation: 8, cutout: 3, cutout_probability: 0.5}"
        let straight = Self.output()
        var whole = ExperimentRun(try Self.experiment(augmentation, output: straight))
        whole.verbosity = .silent
        let expected = try whole.run()
        let report = try String(contentsOf: straight.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Augmented training samples") && report.contains("data:image/png;base64,"))
        let picture = try String(contentsOf: straight.appendingPathComponent(AugmentationPreview.fileName), encoding: .utf8)
        #expect(picture.components(separatedBy: "<image ").count == 1 + 5 * 8)

        let interrupted = Self.output()
        var stopped = ExperimentRun(try Self.experiment(augmentation, output: interrupted))
        stopped.verbosity = .silent
        stopped.additionalCallbacks = [LambdaCallback(batchDidEnd: { _, _, context in
            if context.globalStep == 13 { context.stop(StopReason(.interrupted, "stopped by the test")) }
        })]
        #expect(try stopped.run().isInterrupted)
        var resumed = try ExperimentRun.resuming(interrupted)
        resumed.verbosity = .silent
        let finished = try resumed.run()
        #expect(finished.histories[0].csv == expected.histories[0].csv)
        let weights = "model/weights.safetensors"
        #expect(try Data(contentsOf: straight.appendingPathComponent(weights)) == Data(contentsOf: interrupted.appendingPathComponent(weights)))
    }
}
