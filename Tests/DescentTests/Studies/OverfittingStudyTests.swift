@testable import Descent
import Testing

@Suite struct OverfittingStudyTests {
    @Test func everyVariantTrainsAndReportsItsHistory() throws {
        let study = try OverfittingStudy(samples: 16, epochs: 2, patience: 0)
        let (train, validation) = try study.data()
        #expect(train.count == 8 && validation.count == 8)
        #expect(study.variants.map(\.name) == ["baseline", "l2", "dropout", "early-stopping", "all"])
        for variant in study.variants {
            let outcome = try study.train(variant, train: train, validation: validation)
            #expect(outcome.variant == variant.name)
            #expect((1...2).contains(outcome.history.epochs.count), "\(variant.name)")
            #expect(outcome.trainingLoss.isFinite && outcome.validationLoss.isFinite, "\(variant.name)")
            #expect(outcome.gap == outcome.validationLoss - outcome.trainingLoss)
            #expect((0...1).contains(outcome.validationAccuracy))
            #expect(outcome.row.hasPrefix(variant.name.padding(toLength: 17, withPad: " ", startingAt: 0)
                                          + String(repeating: " ", count: 5) + "\(outcome.history.epochs.count)  "))
        }
    }

    @Test func variantsCarryTheirRemediesOnly() throws {
        let study = try OverfittingStudy(l2: 0.01, dropout: 0.25, patience: 7)
        let byName = Dictionary(uniqueKeysWithValues: study.variants.map { ($0.name, $0) })
        #expect(byName["baseline"] == OverfittingVariant(name: "baseline"))
        #expect(byName["l2"] == OverfittingVariant(name: "l2", l2: 0.01))
        #expect(byName["all"] == OverfittingVariant(name: "all", l2: 0.01, dropout: 0.25, patience: 7))
        let layers = study.modelLayers(byName["dropout"]!)
        #expect(layers.count > study.modelLayers(byName["baseline"]!).count, "dropout adds Dropout layers")
    }

    @Test func settingsOutOfRangeAreRejected() {
        #expect(throws: DescentError.invalidArgument(name: "dropout", value: "1.0", expected: "in [0, 1)")) {
            try OverfittingStudy(dropout: 1)
        }
        #expect(throws: DescentError.self) { try OverfittingStudy(samples: 4) }
    }
}
