import Descent
import Foundation
import Testing

@Suite struct TrainingDiagnosticsTests {
    @Test func gradientsDidComputeRunsAfterBackwardAndBeforeTheUpdate() throws {
        let model = DiagnosticsFixtures.mlp(depth: 1, width: 4)
        let data = DiagnosticsFixtures.blobs(samples: 8)
        var seen: [(hasGradient: Bool, values: [Float])] = []
        let hook = GradientHook { _, context in
            let weight = context.model.parameters[0].parameter
            seen.append((weight.gradient != nil, weight.value.scalars))
        }
        let after = LambdaCallback(batchDidEnd: { _, _, context in
            let weight = context.model.parameters[0].parameter
            #expect(weight.gradient == nil, "the optimizer clears gradients before batchDidEnd")
            #expect(weight.value.scalars != seen.last!.values, "the hook saw the weight before the update")
        })
        _ = try DiagnosticsFixtures.trainer(model).fit(data.features, data.targets, epochs: 1, batchSize: 4,
                                                       verbosity: .silent, callbacks: [hook, after])
        #expect(seen.count == 2 && seen.allSatisfy(\.hasGradient))
    }

    /// With plain SGD and one batch per epoch, Δθ = η·g exactly, so the update ratio of epoch 2 is
    /// η · ‖g₂‖ / ‖θ after epoch 1‖.
    @Test func recordsOneRowPerLayerAndTheUpdateRatioFollowsFromTheGradient() throws {
        let model = DiagnosticsFixtures.mlp(depth: 1, width: 8)
        let data = DiagnosticsFixtures.blobs(samples: 30)
        let diagnostics = TrainingDiagnostics(probe: data.features, isVerbose: false)
        _ = try DiagnosticsFixtures.trainer(model, learningRate: 0.05).fit(
            data.features, data.targets, epochs: 2, batchSize: 30, verbosity: .silent, callbacks: [diagnostics])
        let first = diagnostics.records(forEpoch: 1), second = diagnostics.records(forEpoch: 2)
        #expect(first.map(\.layer) == ["0", "1"])
        #expect(first.map(\.name) == ["Dense(2→8, relu)", "Dense(8→3)"])
        for (before, now) in zip(first, second) {
            let expected = 0.05 * now.gradientNorm! / before.weightNorm!
            #expect(abs(now.updateRatio! - expected) <= 1e-4 * expected, "layer \(now.layer): \(now.updateRatio!) vs \(expected)")
        }
        #expect(second[0].deadFraction != nil && second[0].saturatedFraction == nil)
        #expect(second[1].deadFraction == nil && second[1].activationStd! > 0)
    }

    @Test func deadReLUAndSaturatedTanhLayersAreMeasuredAndWarnedAbout() throws {
        let data = DiagnosticsFixtures.blobs(samples: 40)
        let dead = DiagnosticsFixtures.mlp(depth: 1, width: 8)
        (dead.layers[0] as! Dense).bias!.value = Tensor.full([8], -100)
        let saturated = DiagnosticsFixtures.mlp(depth: 1, width: 8, activation: .tanh)
        (saturated.layers[0] as! Dense).weight.value = (saturated.layers[0] as! Dense).weight.value * 400
        for (model, kind) in [(dead, DiagnosticWarning.Kind.deadUnits), (saturated, .saturatedUnits)] {
            let diagnostics = TrainingDiagnostics(probe: data.features, isVerbose: false)
            _ = try DiagnosticsFixtures.trainer(model, learningRate: 0.01).fit(
                data.features, data.targets, epochs: 1, batchSize: 20, verbosity: .silent, callbacks: [diagnostics])
            let hidden = diagnostics.records(forEpoch: 1)[0]
            #expect((hidden.deadFraction ?? hidden.saturatedFraction ?? 0) > 0.9, "\(hidden)")
            #expect(diagnostics.warnings.map(\.kind) == [kind])
        }
    }

    @Test func vanishingGradientsAreFlaggedInADeepTanhNetWithTinyWeights() throws {
        let data = DiagnosticsFixtures.blobs(samples: 32)
        let deep = DiagnosticsFixtures.mlp(depth: 8, width: 32, activation: .tanh,
                                           initializer: .normal(mean: 0, standardDeviation: 0.01))
        let diagnostics = TrainingDiagnostics(probe: data.features, isVerbose: false)
        _ = try DiagnosticsFixtures.trainer(deep).fit(data.features, data.targets, epochs: 1, batchSize: 16,
                                                      verbosity: .silent, callbacks: [diagnostics])
        let warning = diagnostics.warnings.first { $0.kind == .vanishingGradients }
        #expect(warning?.message.contains("layer 0 Dense(2→32, tanh)") == true, "\(diagnostics.warnings)")
        #expect(warning?.advice.contains("Glorot") == true)

        let healthy = TrainingDiagnostics(probe: data.features, isVerbose: false)
        _ = try DiagnosticsFixtures.trainer(DiagnosticsFixtures.mlp(depth: 2, activation: .tanh)).fit(
            data.features, data.targets, epochs: 3, batchSize: 16, verbosity: .silent, callbacks: [healthy])
        #expect(healthy.warnings.isEmpty, "\(healthy.warnings)")
    }

    /// Full-batch SGD on least squares with η = 1.5 and Hessian ≈ 2I multiplies the error by
    /// |1 − 1.5·2| = 2 per step: the gradient norm doubles until the loss overflows.
    @Test func explodingGradientsAreFlaggedBeforeTheLossOverflowsAndTheLastFiniteWeightsComeBack() throws {
        let generator = RandomGenerator(seed: 5)
        let x = Tensor.randomNormal([64, 4], generator: generator)
        let y = Tensor.randomNormal([64, 1], generator: generator)
        let model = Sequential { Dense(inputSize: 4, outputSize: 1, generator: generator) }
        let diagnostics = TrainingDiagnostics(probe: x, isVerbose: false)
        let history = try DiagnosticsFixtures.trainer(model, learningRate: 1.5, loss: MeanSquaredError()).fit(
            x, y, epochs: 300, batchSize: 64, verbosity: .silent, callbacks: [diagnostics])
        #expect(history.stopReason?.message.hasPrefix("the loss became") == true, "\(history.stopReason?.message ?? "no stop")")
        #expect(diagnostics.warnings.map(\.kind) == [.explodingGradients, .nonFinite], "\(diagnostics.warnings)")
        let exploding = diagnostics.warnings[0], nonFinite = diagnostics.warnings[1]
        #expect(exploding.epoch < history.epochs.count - 20, "\(exploding) vs the stop after \(history.epochs.count) epochs")
        #expect(exploding.advice.contains("gradient clipping"))
        #expect(nonFinite.message.contains("the loss overflowed"), "\(nonFinite)")
        #expect(nonFinite.advice.contains("the weights after epoch \(history.epochs.count), the last finite ones, were restored"), "\(nonFinite)")
        #expect(model.parameters.allSatisfy { $0.parameter.value.scalars.allSatisfy(\.isFinite) })
    }

    @Test func aNaNWeightStopsTrainingNamingTheParameterAndTheCheckpointKeeperIsAsked() throws {
        final class Keeper: LastGoodCheckpointKeeping {
            var asked: DiagnosticWarning?
            func keepLastGoodCheckpoint(after warning: DiagnosticWarning) -> String? { asked = warning; return "runs/x/epoch-1" }
        }
        let data = DiagnosticsFixtures.blobs(samples: 32)
        let model = DiagnosticsFixtures.mlp(depth: 1, width: 8)
        let poison = LambdaCallback(batchWillBegin: { batch, context in
            if context.epoch == 2 && batch == 1 { (model.layers[1] as! Dense).weight.value.set(3, to: .nan) }
        })
        let keeper = Keeper()
        let diagnostics = TrainingDiagnostics(probe: data.features, isVerbose: false)
        diagnostics.checkpointKeeper = keeper
        let history = try DiagnosticsFixtures.trainer(model).fit(data.features, data.targets, epochs: 5, batchSize: 8,
                                                                 verbosity: .silent, callbacks: [poison, diagnostics])
        #expect(history.epochs.count == 2)
        let warning = try #require(diagnostics.warnings.first { $0.kind == .nonFinite })
        #expect(warning.message.contains("parameter 1.weight holds nan"), "\(warning)")
        #expect(warning.advice.contains("lower learning rate") && warning.advice.contains("kept at runs/x/epoch-1"))
        #expect(keeper.asked?.kind == .nonFinite)
        #expect((model.layers[1] as! Dense).weight.value.scalars.allSatisfy { $0.isFinite })
    }

    @Test func anInfiniteGradientStopsTrainingNamingTheFirstParameter() throws {
        let data = DiagnosticsFixtures.blobs(samples: 32)
        let model = DiagnosticsFixtures.mlp(depth: 2, width: 8)
        let corrupt = GradientHook { batch, context in
            if context.epoch == 1 && batch == 2 { context.model.parameters[3].parameter.gradient!.set(0, to: .infinity) }
        }
        let diagnostics = TrainingDiagnostics(isVerbose: false)
        let history = try DiagnosticsFixtures.trainer(model).fit(data.features, data.targets, epochs: 3, batchSize: 8,
                                                                 verbosity: .silent, callbacks: [corrupt, diagnostics])
        #expect(history.stopReason?.message.contains("the gradient of 1.bias became inf at epoch 1, batch 3") == true, "\(history.stopReason?.message ?? "")")
        #expect(model.parameters.allSatisfy { $0.parameter.value.scalars.allSatisfy(\.isFinite) }, "restored to the initial weights")
    }

    @Test func underfittingIsFlaggedWhenTheLearningRateIsFarTooLow() throws {
        let data = DiagnosticsFixtures.blobs(samples: 48)
        let diagnostics = TrainingDiagnostics(baselineLoss: log(3), isVerbose: false)
        _ = try DiagnosticsFixtures.trainer(DiagnosticsFixtures.mlp(), learningRate: 1e-6).fit(
            data.features, data.targets, epochs: 8, batchSize: 16, validationSplit: 0.25, verbosity: .silent, callbacks: [diagnostics])
        #expect(diagnostics.warnings.map(\.kind) == [.underfitting], "\(diagnostics.warnings)")
        #expect(diagnostics.warnings.first?.advice.contains("higher learning rate") == true)
    }

    @Test func filesHoldOneRowPerLayerAndEpochAndTheLogReadsBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diagnostics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = DiagnosticsFixtures.blobs(samples: 24)
        let diagnostics = TrainingDiagnostics(probe: data.features, folder: folder, isVerbose: false)
        _ = try DiagnosticsFixtures.trainer(DiagnosticsFixtures.mlp(depth: 1, width: 4)).fit(
            data.features, data.targets, epochs: 3, batchSize: 8, verbosity: .silent, callbacks: [diagnostics])
        let csv = try String(contentsOf: folder.appendingPathComponent("diagnostics.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first.map(String.init) == LayerDiagnostics.csvHeader)
        #expect(csv.count == 1 + 3 * 2)
        #expect(csv[1].hasPrefix("1,0,\"Dense(2→4, relu)\","))
        let log = try #require(try DiagnosticsLog.read(from: folder))
        #expect(log.layers == diagnostics.records)
        #expect(log.latestHistograms.map(\.layer) == ["0", "1"] && log.latestHistograms.map { $0.counts.reduce(0, +) } == [24 * 4, 24 * 3])
        #expect(log.firstHistograms.first?.epoch == 1 && log.latestHistograms.first?.epoch == 3)
    }
}
