import Descent
import Foundation
import Testing

/// Doubles its input but sends the gradient back unscaled: a broken backward (should be 2g).
final class BrokenDoubling: Layer {
    var isTraining = true
    func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.customOperation(input.detached() * 2, inputs: [input]) { g in [g] }
    }
    func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
}

@Suite struct SanityChecksTests {
    let data = DiagnosticsFixtures.blobs(samples: 120)

    func adam(_ model: Sequential, learningRate: Float = 0.01) -> Trainer {
        Trainer(model: model, loss: SoftmaxCrossEntropy(), optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: learningRate))
    }

    @Test func aHealthyModelPassesEveryCheckAndIsLeftAsItWas() throws {
        let model = DiagnosticsFixtures.mlp(depth: 2, width: 16, activation: .tanh)
        let trainer = adam(model)
        let before = model.parameters.map(\.parameter.value.scalars)
        let parts = try data.split(train: 0.75, validation: 0.25, seed: 3)
        let report = trainer.sanityCheck(parts.train.features, parts.train.targets,
                                         validationData: (parts.validation.features, parts.validation.targets))
        #expect(report.results.map(\.name) == ["data-values", "data-labels", "data-scaling", "data-balance", "initial-loss", "gradient-check", "overfit-batch"])
        #expect(report.worstStatus == .passed, "\(report)")
        let initial = try #require(report["initial-loss"])
        #expect(abs(initial.measured["expected"]! - log(3)) < 1e-12)
        #expect(initial.message.contains("ln 3 for 3 classes"))
        #expect(report["overfit-batch"]!.measured["final_loss"]! < 0.05)
        #expect(model.parameters.map(\.parameter.value.scalars) == before)
        #expect(trainer.optimizer.step == 0)
    }

    @Test func anOutputLayerWithHugeWeightsFailsTheInitialLoss() throws {
        let model = DiagnosticsFixtures.mlp(depth: 1, width: 16)
        let head = model.layers[1] as! Dense
        head.weight.value = head.weight.value * 30
        let result = try #require(adam(model).sanityCheck(data.features, data.targets)["initial-loss"])
        #expect(result.status == .failed, "\(result)")
        #expect(result.message.contains("above the expected 1.099") && result.message.contains("output layer"), "\(result)")
    }

    @Test func aBrokenBackwardFailsTheGradientCheckNamingTheWorstLayer() throws {
        let generator = RandomGenerator(seed: 4)
        let model = Sequential {
            Dense(inputSize: 2, outputSize: 8, activation: .tanh, generator: generator)
            BrokenDoubling()
            Dense(inputSize: 8, outputSize: 3, generator: generator)
        }
        let result = try #require(adam(model).sanityCheck(data.features, data.targets)["gradient-check"])
        #expect(result.status == .failed, "\(result)")
        #expect(result.message.contains("worst layer 0 Dense(2→8, tanh)"), "\(result)")
        #expect(abs(result.measured["layer 0"]! - 0.5) < 0.05, "backward is half of the truth: relative error ½ (\(result))")
        #expect(result.measured["layer 2"]! < 1e-2)
    }

    /// ReLU kinks make raw finite differences disagree on some coordinates; they are left out.
    @Test(arguments: [UInt64(2), 3, 4, 6, 7, 8])
    func healthyReLUModelsPassTheGradientCheck(seed: UInt64) throws {
        let result = try #require(adam(DiagnosticsFixtures.mlp(seed: seed)).sanityCheck(data.features, data.targets)["gradient-check"])
        #expect(result.status == .passed, "\(result)")
    }

    @Test func aLearningRateOfZeroFailsTheOverfitCheck() throws {
        let result = try #require(adam(DiagnosticsFixtures.mlp(), learningRate: 0).sanityCheck(data.features, data.targets)["overfit-batch"])
        #expect(result.status == .failed)
        #expect(result.message.contains("the loss did not move") && result.message.contains("learning rate (0)"), "\(result)")
    }

    @Test func badDataIsCaughtBeforeTheModelRuns() throws {
        let trainer = adam(DiagnosticsFixtures.mlp())
        var values = data.features.scalars
        values[7] = .nan
        let withNaN = trainer.sanityCheck(Tensor(shape: data.features.shape, scalars: values), data.targets)
        #expect(withNaN.results.map(\.name) == ["data-values"])
        #expect(withNaN["data-values"]?.message.contains("sample 3, column 1") == true, "\(withNaN)")

        let labels = Tensor(data.targets.scalars.map { $0 == 2 ? 3 : $0 })
        let outOfRange = trainer.sanityCheck(data.features, labels)
        #expect(outOfRange["data-labels"]?.status == .failed)
        #expect(outOfRange["data-labels"]?.message.contains("label 3.0 in row 2 of the training split is not a class index in 0..<3") == true, "\(outOfRange)")
        #expect(outOfRange["initial-loss"] == nil)
    }

    @Test func unscaledFeaturesAndAShiftedValidationSplitAreWarnedAbout() throws {
        let checks = { var c = SanityChecks(); c.checksGradients = false; c.checksOverfitting = false; c.checksInitialLoss = false; return c }()
        let trainer = adam(DiagnosticsFixtures.mlp())
        let unscaled = trainer.sanityCheck(data.features * 100, data.targets, checks: checks)
        #expect(unscaled["data-scaling"]?.status == .warning)
        #expect(unscaled["data-scaling"]?.message.contains("not standardized") == true)

        let classZero = (0..<data.count).filter { data.targets.scalars[$0] == 0 }
        let validation = data.subset(classZero)
        let shifted = trainer.sanityCheck(data.features, data.targets, validationData: (validation.features, validation.targets), checks: checks)
        #expect(shifted["data-balance"]?.status == .warning)
        #expect(shifted["data-balance"]?.message.contains("dataset shift") == true, "\(shifted)")
        #expect(shifted["data-scaling"]?.message.contains("dataset shift") == true, "\(shifted)")
    }

    @Test func fitWithSanityChecksRunsNoEpochWhenACheckFails() throws {
        let broken = adam(DiagnosticsFixtures.mlp(), learningRate: 0)
        let history = try broken.fit(data.features, data.targets, epochs: 3, verbosity: .silent, sanityChecks: SanityChecks())
        #expect(history.epochs.isEmpty)
        #expect(history.stopReason?.message == "sanity checks failed (overfit-batch); no epoch was run")

        let healthy = adam(DiagnosticsFixtures.mlp(activation: .tanh))
        let trained = try healthy.fit(data.features, data.targets, epochs: 2, validationSplit: 0.2, verbosity: .silent, sanityChecks: SanityChecks())
        #expect(trained.epochs.count == 2 && trained.stopReason == nil, "\(trained.stopReason?.message ?? "")")
    }
}
