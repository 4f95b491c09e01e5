import Descent
import Foundation
import Testing

/// `optimizer.groups` in experiment files: the groups reach the optimizer (a zero learning-rate
/// factor leaves its layer untouched, a group's λ decays only its layer, in the optimizer's kind),
/// the resolved config keeps them, and bad groups fail with the key path and line.
@Suite struct ParameterGroupConfigTests {
    static func experiment(groups: String, optimizer: String = "type: adamw, learning_rate: 0.01, weight_decay: 0.01", output: URL) -> String {
        """
        data: {dataset: moons, samples: 300}
        model:
          - {type: dense, units: 16, activation: relu, name: stem}
          - {type: batch_norm}
          - {type: dense, units: 2, name: head}
        optimizer:
          \(optimizer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n  "))
          groups:
        \(groups)
        checkpoint: {keep: null}
        epochs: 3
        seed: 3
        output: \(output.path)
        """
    }

    static func run(_ text: String, in folder: URL) throws -> CommandResult {
        let file = folder.appendingPathComponent("experiment.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try Descent.run(["train", file.path, "--quiet"])
    }

    static func weights(_ run: URL, epoch: Int) throws -> SafeTensors {
        try SafeTensors(contentsOf: run.appendingPathComponent("checkpoints/checkpoint-0-0000\(epoch).safetensors"))
    }

    @Test func zeroLearningRateFactorLeavesItsLayerUnchanged() throws {
        let folder = Descent.temporaryFolder(), output = folder.appendingPathComponent("run")
        let groups = "    - {name: still, params: [\"stem.*\"], learning_rate_scale: 0}"
        let result = try Self.run(Self.experiment(groups: groups, output: output), in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let (first, last) = (try Self.weights(output, epoch: 1), try Self.weights(output, epoch: 3))
        for name in ["model.0.weight", "model.0.bias"] {
            #expect(first.tensors[name]?.scalars == last.tensors[name]?.scalars, "\(name) moved with η·0")
        }
        #expect(first.tensors["model.2.weight"]?.scalars != last.tensors["model.2.weight"]?.scalars, "the head did not train")
    }

    /// AdamW's decay is decoupled: θ ← (1 − η·λ)·θ with η·λ = 0.001·1000 = 1 zeroes the stem's
    /// kernel before each Adam step, which then moves each weight by at most ~η: |θ| ≲ 0.001.
    @Test func groupWeightDecayReachesOnlyItsLayer() throws {
        let folder = Descent.temporaryFolder(), output = folder.appendingPathComponent("run")
        let groups = "    - {params: [\"0.weight\"], weight_decay: 1000}"
        let result = try Self.run(Self.experiment(groups: groups, optimizer: "type: adamw, learning_rate: 0.001, weight_decay: 0", output: output),
                                  in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let last = try Self.weights(output, epoch: 3)
        let stem = try #require(last.tensors["model.0.weight"]).scalars.map(abs).max() ?? 0
        let head = try #require(last.tensors["model.2.weight"]).scalars.map(abs).max() ?? 0
        #expect(stem < 0.002, "stem kernel not decayed: max |θ| = \(stem)")
        #expect(head > 0.1, "head kernel decayed too: max |θ| = \(head)")
    }

    @Test func resolvedConfigKeepsTheGroups() throws {
        let folder = Descent.temporaryFolder()
        let groups = "    - {name: no-decay, params: [\"*.bias\", \"1.weight\"], weight_decay: 0}"
        let file = folder.appendingPathComponent("experiment.yaml")
        try Self.experiment(groups: groups, output: folder.appendingPathComponent("run")).write(to: file, atomically: true, encoding: .utf8)
        let printed = try Descent.run(["train", file.path, "--print-config"])
        #expect(printed.status == 0, "\(printed.standardError)")
        for line in ["groups:", "- name: no-decay", "\"*.bias\"", "weight_decay: 0.0", "learning_rate_scale: 1.0"] {
            #expect(printed.standardOutput.contains(line), "missing \(line) in \(printed.standardOutput)")
        }
        let resolved = folder.appendingPathComponent("resolved.yaml")
        try printed.standardOutput.write(to: resolved, atomically: true, encoding: .utf8)
        let again = try Descent.run(["train", resolved.path, "--print-config"])
        #expect(again.standardOutput == printed.standardOutput)
    }

    @Test(arguments: [
        ("    - {params: [\"stme.*\"]}", "optimizer.groups[0].params: 'stme.*' matches no parameter; the parameters are 0.weight, 0.bias"),
        ("    - {params: [\"*.bias\"], lr: 0.1}", "optimizer.groups[0].lr: unknown key"),
        ("    - {name: x}", "optimizer.groups[0]: missing key 'params'"),
        ("    - {params: [\"*\"], learning_rate_scale: -1}", "optimizer.groups[0].learning_rate_scale: expected a number ≥ 0"),
    ])
    func badGroupsFailWithTheKeyPath(groups: String, message: String) throws {
        let folder = Descent.temporaryFolder()
        let result = try Self.run(Self.experiment(groups: groups, output: folder.appendingPathComponent("run")), in: folder)
        #expect(result.status == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.contains("experiment.yaml:"), "no line in \(result.standardError)")
    }
}
