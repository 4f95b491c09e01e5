@testable import Descent
import Testing

@Suite struct DiagnosticRulesTests {
    func history(train: [Double], validation: [Double]) -> History {
        var history = History()
        history.epochs = zip(train, validation).enumerated().map { index, losses in
            EpochReport(epoch: index + 1, metrics: [.loss: losses.0, .validationLoss: losses.1], seconds: 0)
        }
        return history
    }

    @Test func overfittingPointsToTheBestEpochOfALastingRise() throws {
        let rising = history(train: [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1],
                             validation: [1.1, 0.9, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05])
        let warning = try #require(DiagnosticRules.overfitting(rising))
        #expect(warning.epoch == 3)
        #expect(warning.message.contains("val_loss rose from 0.7 at epoch 3 to 1.05 at epoch 10"), "\(warning)")
        #expect(warning.advice.contains("early stopping with the best weights restored (epoch 3)"))
    }

    @Test func aSingleValidationSpikeIsNotOverfitting() {
        let spike = history(train: [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1],
                            validation: [1.1, 0.9, 0.7, 0.71, 1.5, 0.72, 0.70, 0.71, 0.72, 0.71])
        #expect(DiagnosticRules.overfitting(spike) == nil)
    }

    @Test func underfittingNeedsHighAndFlatLosses() {
        let flat = history(train: Array(repeating: 1.05, count: 8), validation: Array(repeating: 1.07, count: 8))
        #expect(DiagnosticRules.underfitting(flat, baselineLoss: 1.0986)?.kind == .underfitting)
        let learned = history(train: Array(repeating: 0.05, count: 8), validation: Array(repeating: 0.07, count: 8))
        #expect(DiagnosticRules.underfitting(learned, baselineLoss: 1.0986) == nil)
        let stillFalling = history(train: [1.09, 1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5], validation: [1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5])
        #expect(DiagnosticRules.underfitting(stillFalling, baselineLoss: 1.0986) == nil)
    }
}
