@testable import Descent
import Foundation
import Testing

/// A warning printed during training stays in the report when it no longer holds at the end,
/// marked as withdrawn, so that the report says everything the console said.
@Suite struct WithdrawnWarningTests {
    @Test func anOverfittingThatReversesIsWithdrawnNotForgotten() throws {
        let model = Sequential { Dense(inputSize: 2, outputSize: 2, generator: RandomGenerator(seed: 1)) }
        let context = TrainingContext(model: model, optimizer: Optimizer(SGD(), parameters: model.parameters), history: History(), epochs: 14,
                                      stepsPerEpoch: 1, shuffler: RandomGenerator(seed: 0), augmentation: nil)
        let diagnostics = TrainingDiagnostics(isVerbose: false)
        diagnostics.trainingWillBegin(context)
        let train = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.09, 0.08, 0.07, 0.06]
        let validation = [1.1, 0.9, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 0.6, 0.5, 0.4, 0.3]   // rises, then falls below
        var sawOverfitting = false
        for (index, (loss, validationLoss)) in zip(train, validation).enumerated() {
            var report = EpochReport(epoch: index + 1, metrics: [.loss: loss, .validationLoss: validationLoss], seconds: 0)
            diagnostics.epochDidEnd(&report, context)
            context.history.epochs.append(report)
            sawOverfitting = sawOverfitting || diagnostics.warnings.contains { $0.kind == .overfitting }
        }
        diagnostics.trainingDidEnd(context)
        #expect(sawOverfitting)
        #expect(!diagnostics.warnings.contains { $0.kind == .overfitting })
        #expect(diagnostics.withdrawnWarnings.map(\.kind) == [.overfitting])
        let log = DiagnosticsLog(layers: [], warnings: diagnostics.warnings, withdrawnWarnings: diagnostics.withdrawnWarnings,
                                 firstHistograms: [], latestHistograms: [])
        let report = RunReport(folder: URL(fileURLWithPath: "/tmp"), history: context.history, test: [:], baselineLoss: nil, sanityReport: nil, diagnostics: log)
        #expect(report.warningLines.contains { $0.hasPrefix("withdrawn by the end of training") && $0.contains("val_loss rose") }, "\(report.warningLines)")
    }
}
