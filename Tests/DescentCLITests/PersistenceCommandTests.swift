@testable import Descent
import Foundation
import Testing

@Suite(.serialized) struct PersistenceCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A small experiment with dropout, batch norm, input noise and early stopping.
    static func writeConfig(_ folder: URL, epochs: Int = 6, checkpoint: String = "{keep: 2}", output: String) throws -> URL {
        let url = folder.appendingPathComponent("experiment.yaml")
        try """
            data: {dataset: moons, samples: 200}
            model:
              - {type: dense, units: 16}
              - {type: batch_norm}
              - {type: activation, activation: relu}
              - {type: dropout, rate: 0.3}
              - {type: dense, units: 2}
            optimizer: {type: adam, learning_rate: 0.01}
            callbacks: [{type: early_stopping, patience: 50, restore_best_weights: true}]
            checkpoint: \(checkpoint)
            augmentation: {input_noise: 0.05}
            epochs: \(epochs)
            batch_size: 16
            seed: 3
            output: \(output)
            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Killed (SIGKILL) once its third checkpoint is written, then resumed: the run ends with
    /// the weights and history of an uninterrupted one.
    @Test func killedThenResumedConfigRunEndsWithTheSameWeights() throws {
        let folder = Descent.temporaryFolder()
        let straight = folder.appendingPathComponent("straight"), resumed = folder.appendingPathComponent("resumed")
        let a = try Descent.run(["train", "--quiet", try Self.writeConfig(folder, epochs: 40, output: straight.path).path])
        #expect(a.status == 0, "\(a.standardError)")
        let config = try Self.writeConfig(folder, epochs: 40, output: resumed.path)
        let third = resumed.appendingPathComponent("checkpoints/checkpoint-0-00003.safetensors")
        #expect(try Descent.runKilled(["train", "--quiet", config.path]) { FileManager.default.fileExists(atPath: third.path) })
        #expect(!FileManager.default.fileExists(atPath: resumed.appendingPathComponent("model").path))
        let c = try Descent.run(["train", "--resume", resumed.path])
        #expect(c.status == 0, "\(c.standardError)")
        #expect(c.standardOutput.contains("Resuming phase 0 after epoch"))
        try Self.expectSameRun(straight, resumed)
    }

    /// The weights and history of two run folders are identical.
    static func expectSameRun(_ a: URL, _ b: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let weights = "model/weights.safetensors"
        #expect(try Data(contentsOf: a.appendingPathComponent(weights)) == Data(contentsOf: b.appendingPathComponent(weights)), sourceLocation: sourceLocation)
        #expect(try String(contentsOf: a.appendingPathComponent("history.csv"), encoding: .utf8)
                == String(contentsOf: b.appendingPathComponent("history.csv"), encoding: .utf8), sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        (["--epochs", "4", "--dropout", "0.2", "--l2", "1e-4", "--batch-norm", "--early-stopping-patience", "3", "--seed", "5"],
         ["type: batch_norm", "l2: 0.0001"]),
        (["--epochs", "4", "--schedule", "cosine", "--warmup-steps", "20", "--min-lr", "0.001"],
         ["type: cosine", "warmup_steps: 20", "min_lr: 0.001"]),
        (["--epochs", "4", "--schedule", "multistep", "--milestones", "2,3", "--schedule-unit", "epoch", "--optimizer", "sgd", "--momentum", "0.9"],
         ["type: multistep", "unit: epoch"]),
        (["--epochs", "6", "--reduce-on-plateau", "--plateau-patience", "0", "--plateau-factor", "0.5"],
         ["type: reduce_lr_on_plateau", "patience: 0", "factor: 0.5"]),
    ])
    func printedConfigFromFlagsTrainsLikeTheFlags(flags: [String], expectedLines: [String]) throws {
        try Self.expectPrintedConfigTrainsLikeTheFlags(flags, expectedLines: expectedLines, in: Descent.temporaryFolder())
    }

    @Test(arguments: ["cnn", "mlp"])
    func printedConfigFromImageFlagsTrainsLikeTheFlags(model: String) throws {
        let folder = Descent.temporaryFolder()
        let npy = Self.npy
        let pixels = (0..<(60 * 64)).map { Float(($0 * 37) % 256) }
        try npy("<f4", "(60, 8, 8, 1)", pixels.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
            .write(to: folder.appendingPathComponent("images.npy"))
        try npy("<i8", "(60,)", (0..<60).flatMap { withUnsafeBytes(of: Int64($0 % 3).littleEndian, Array.init) })
            .write(to: folder.appendingPathComponent("labels.npy"))
        let flags = ["--images", folder.appendingPathComponent("images.npy").path, "--labels", folder.appendingPathComponent("labels.npy").path,
                     "--model", model, "--filters", "4,8", "--hidden", "16", "--epochs", "3"]
        try Self.expectPrintedConfigTrainsLikeTheFlags(flags, expectedLines: model == "cnn" ? ["type: conv2d", "type: max_pool_2d"] : ["type: flatten"],
                                                       in: folder)
    }

    /// An NPY file of `descr` (`<f4`, `|u1`, `<i8`) and `shape` (`(60, 8, 8, 1)`) holding `payload`.
    static func npy(_ descr: String, _ shape: String, _ payload: [UInt8]) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8) + payload)
    }

    static func expectPrintedConfigTrainsLikeTheFlags(_ flags: [String], expectedLines: [String], in folder: URL) throws {
        let printed = try Descent.run(["train", "--print-config"] + flags + ["--output", folder.appendingPathComponent("config").path])
        #expect(printed.status == 0, "\(printed.standardError)")
        for line in expectedLines { #expect(printed.standardOutput.contains(line), "missing \(line) in \(printed.standardOutput)") }
        let url = folder.appendingPathComponent("printed.yaml")
        try printed.standardOutput.write(to: url, atomically: true, encoding: .utf8)
        let fromConfig = try Descent.run(["train", "--quiet", url.path])
        #expect(fromConfig.status == 0, "\(fromConfig.standardError)")
        let fromFlags = try Descent.run(["train", "--quiet"] + flags + ["--output", folder.appendingPathComponent("flags").path])
        #expect(fromFlags.status == 0, "\(fromFlags.standardError)")
        #expect(try String(contentsOf: folder.appendingPathComponent("config/history.csv"), encoding: .utf8)
                == String(contentsOf: folder.appendingPathComponent("flags/history.csv"), encoding: .utf8))
        let reprinted = try Descent.run(["train", "--print-config", url.path])
        #expect(reprinted.standardOutput == printed.standardOutput)
    }

    @Test func configErrorsGiveFileLineAndKeyPath() throws {
        let folder = Descent.temporaryFolder()
        let url = folder.appendingPathComponent("bad.yaml")
        try "data: {dataset: moons}\nmodel:\n  - {type: dense, units: 2}\noptimizer:\n  type: adam\n  betta1: 0.9\n".write(to: url, atomically: true, encoding: .utf8)
        let result = try Descent.run(["train", url.path])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("error: \(url.path):6: optimizer.betta1: unknown key; adam takes learning_rate, beta1"), "\(result.standardError)")
        try "data: {dataset: moons}\nmodel:\n  - {type: dense, units: 2}\nepochs: many\n".write(to: url, atomically: true, encoding: .utf8)
        let second = try Descent.run(["train", url.path])
        #expect(second.standardError == "error: \(url.path):4: epochs: expected an integer, got the string \"many\"\n")
    }

    @Test func everyExampleParses() throws {
        let examples = Self.repository.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
        #expect(files.count >= 7)
        for file in files {
            let node = try ConfigNode.read(contentsOf: examples.appendingPathComponent(file))
            #expect(node["model"] != nil, "\(file)")
            let result = try Descent.run(["train", "--print-config", examples.appendingPathComponent(file).path])
            // Examples that need files or a trained base may fail only for the missing file.
            if result.status != 0 {
                #expect(result.standardError.contains("data/train-images") || result.standardError.contains("runs/transfer-base"), "\(file): \(result.standardError)")
            }
        }
    }

    @Test func summaryEvaluateAndPredictReadARunFolder() throws {
        let folder = Descent.temporaryFolder()
        let run = folder.appendingPathComponent("run")
        #expect(try Descent.run(["train", "--quiet", try Self.writeConfig(folder, epochs: 3, output: run.path).path]).status == 0)
        let summary = try Descent.run(["summary", run.path])
        #expect(summary.standardOutput.contains("BatchNorm(16)") && summary.standardOutput.contains("Non-trainable params: 32"))
        let evaluation = try Descent.run(["evaluate", "--model", run.path, "--data", "moons", "--samples", "50", "--json"])
        #expect(evaluation.status == 0, "\(evaluation.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(evaluation.standardOutput.utf8)) as? [String: Double]
        #expect(json?["samples"] == 50 && json?["accuracy"] != nil)
        let prediction = try Descent.run(["predict", "--model", run.path, "--data", "moons", "--samples", "4", "--mc-samples", "10"])
        let lines = prediction.standardOutput.split(separator: "\n")
        #expect(lines.first == "prediction,upper,lower,upper_std,lower_std")
        #expect(lines.count == 5 && ["upper", "lower"].contains(lines[1].split(separator: ",").first.map(String.init) ?? ""))
    }

    @Test(arguments: [["summary", "--help"], ["evaluate", "--help"], ["predict", "--help"], ["train", "--help"]])
    func helpHasExamples(_ arguments: [String]) throws {
        let result = try Descent.run(arguments)
        #expect(result.status == 0 && result.standardOutput.contains("Examples:"))
    }
}
