import Descent
import Testing

@Suite struct DatasetTests {
    @Test(arguments: SyntheticData.names)
    func builtInDatasetsAreSeededAndShaped(_ name: String) throws {
        let a = try SyntheticData.make(name, samples: 300, seed: 1)
        let b = try SyntheticData.make(name, samples: 300, seed: 1)
        #expect(a.features.scalars == b.features.scalars && a.targets.scalars == b.targets.scalars)
        #expect(a.count == 300 && a.features.scalars.allSatisfy(\.isFinite))
        if let k = a.classCount {
            let counts = Dictionary(grouping: a.targets.scalars, by: { $0 }).mapValues(\.count)
            #expect(counts.count == k)
        } else {
            #expect(a.targets.shape == [300, 1])
        }
    }

    @Test func unknownDatasetIsRejectedWithTheChoices() {
        #expect(throws: DescentError.invalidArgument(name: "dataset", value: "spiral", expected: "one of spirals, moons, circles, blobs, sine, quadratic, digits, digits-28")) {
            try SyntheticData.make("spiral", samples: 10, seed: 0)
        }
    }

    @Test func stratifiedSplitKeepsClassProportionsAndPartitions() throws {
        let data = try SyntheticData.make("spirals", samples: 1500, seed: 0)
        let (train, validation, test) = try data.split(train: 0.7, validation: 0.15, seed: 3)
        #expect(train.count == 1050 && validation.count == 225 && test.count == 225)
        for part in [train, validation, test] {
            let counts = Dictionary(grouping: part.targets.scalars, by: { $0 }).mapValues(\.count)
            #expect(Set(counts.values).count == 1)  // 500 per class splits evenly: 350/75/75
        }
        // Disjoint and complete: every original point appears exactly once.
        let all = (train.features.rows + validation.features.rows + test.features.rows).map { "\($0)" }
        #expect(Set(all).count == 1500)
        #expect(throws: DescentError.self) { try data.split(train: 0.9, validation: 0.2) }
    }
}
