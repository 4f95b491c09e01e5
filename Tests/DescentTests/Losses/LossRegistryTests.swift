import Descent
import Testing

@Suite struct LossRegistryTests {
    @Test func everyNameBuildsItsLoss() throws {
        let expected: [String: LossTargetKind] = [
            "softmax_cross_entropy": .classIndices, "categorical_hinge": .classIndices,
            "binary_cross_entropy": .binaryLabels, "hinge": .binaryLabels, "squared_hinge": .binaryLabels,
            "mean_squared_error": .numbers, "mean_absolute_error": .numbers, "huber": .numbers,
            "kl_divergence": .distributions,
        ]
        #expect(LossRegistry.names == expected.keys.sorted())
        for (name, kind) in expected {
            let loss = try LossRegistry.make(name: name)
            #expect(loss.name == name)
            #expect(loss.targetKind == kind, "\(name)")
            #expect(LossRegistry.targetKind(of: name) == kind)
        }
        #expect(LossRegistry.targetKind(of: "cross_entropy") == nil)
    }

    @Test func optionsReachTheLoss() throws {
        let huber = try #require(try LossRegistry.make(name: "huber", options: LossOptions(delta: 2.5)) as? Huber)
        #expect(huber.delta == 2.5)
        let options = LossOptions(labelSmoothing: 0.1, classWeights: [1, 2])
        let crossEntropy = try #require(try LossRegistry.make(name: "softmax_cross_entropy", options: options) as? SoftmaxCrossEntropy)
        #expect(crossEntropy.labelSmoothing == 0.1 && crossEntropy.classWeights == [1, 2])
    }

    @Test func badNamesAndOptionsThrow() {
        #expect(throws: DescentError.self) { try LossRegistry.make(name: "cross_entropy") }
        #expect(throws: DescentError.self) { try LossRegistry.make(name: "hinge", options: LossOptions(delta: 1)) }
        #expect(throws: DescentError.self) { try LossRegistry.make(name: "huber", options: LossOptions(delta: 0)) }
        #expect(throws: DescentError.self) {
            try LossRegistry.make(name: "softmax_cross_entropy", options: LossOptions(labelSmoothing: 1.5))
        }
        #expect(throws: DescentError.self) {
            try LossRegistry.make(name: "softmax_cross_entropy", options: LossOptions(classWeights: [1, -1]))
        }
    }

    @Test func targetKindsCheckTheData() {
        // classCount nil means numeric targets.
        #expect(LossTargetKind.classIndices.accepts(classCount: 3) && !LossTargetKind.classIndices.accepts(classCount: nil))
        #expect(LossTargetKind.binaryLabels.accepts(classCount: 2) && !LossTargetKind.binaryLabels.accepts(classCount: 3))
        #expect(LossTargetKind.numbers.accepts(classCount: nil) && !LossTargetKind.numbers.accepts(classCount: 2))
        #expect(LossTargetKind.distributions.accepts(classCount: 4) && LossTargetKind.distributions.accepts(classCount: nil))
        #expect(LossTargetKind.binaryLabels.outputsPerSample(classCount: 2, targetWidth: 1) == 1)
        #expect(LossTargetKind.classIndices.outputsPerSample(classCount: 5, targetWidth: 1) == 5)
        #expect(LossTargetKind.numbers.outputsPerSample(classCount: nil, targetWidth: 3) == 3)
    }
}
