@testable import Descent
import Foundation
import Testing

@Suite struct InitDepthStudyTests {
    @Test func everyProfileHasOneFiniteStatisticPerLayer() throws {
        let study = try InitDepthStudy(depth: 4, width: 16, batch: 8, seed: 3)
        let profiles = study.run()
        #expect(profiles.map(\.label) == [
            "tanh, normal(0.0, 0.01)", "tanh, glorot-normal", "tanh, he-normal",
            "relu, normal(0.0, 0.01)", "relu, glorot-normal", "relu, he-normal",
        ])
        for profile in profiles {
            #expect(profile.activationStandardDeviations.count == 4, "\(profile.label)")
            #expect(profile.gradientNorms.count == 4, "\(profile.label)")
            #expect((profile.activationStandardDeviations + profile.gradientNorms).allSatisfy { $0.isFinite && $0 >= 0 }, "\(profile.label)")
        }
    }

    @Test func tanhActivationsShrinkWithDepthUnderASmallNormalInit() throws {
        let study = try InitDepthStudy(depth: 4, width: 32, batch: 16)
        let small = study.profile(activation: .tanh, initializer: .normal(mean: 0, standardDeviation: 0.01))
        let glorot = study.profile(activation: .tanh, initializer: .glorotNormal)
        // σ·√width = 0.01·√32 ≈ 0.057 per layer: each layer shrinks the scale about 17-fold.
        for (shallow, deep) in zip(small.activationStandardDeviations, small.activationStandardDeviations.dropFirst()) {
            #expect(deep < shallow * 0.2)
        }
        #expect(glorot.activationStandardDeviations.last! > 100 * small.activationStandardDeviations.last!)
    }

    @Test func csvHasAHeaderAndOneRowPerProfileAndLayer() throws {
        let study = try InitDepthStudy(depth: 3, width: 8, batch: 4)
        let profile = study.profile(activation: .relu, initializer: .heNormal)
        let lines = study.csvText([profile]).split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 3)
        #expect(lines[0] == InitDepthStudy.csvHeader)
        #expect(lines[1].hasPrefix("relu,\(Initializer.heNormal),1,\(profile.activationStandardDeviations[0]),"))
        #expect(study.charts([profile]).map(\.fileName) == InitDepthStudy.chartFileNames)
        #expect(study.charts([profile]).allSatisfy { $0.svg.contains("<svg") && $0.svg.contains("relu, he-normal") })
    }

    @Test func sizesBelowTheMinimumAreRejected() {
        #expect(throws: DescentError.invalidArgument(name: "batch", value: "1", expected: "at least 2")) {
            try InitDepthStudy(depth: 2, width: 2, batch: 1)
        }
        #expect(throws: DescentError.self) { try InitDepthStudy(depth: 0) }
    }

    @Test func standardDeviationIsThePopulationOne() {
        // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 4 = 1.25.
        #expect(InitDepthStudy.standardDeviation([1, 2, 3, 4]) == 1.25.squareRoot())
    }
}
