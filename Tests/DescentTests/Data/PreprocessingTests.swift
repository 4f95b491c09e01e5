import Descent
import Foundation
import Testing

@Suite("Preprocessing, splits and batches")
struct PreprocessingTests {
    /// Three samples of two features; the second feature is constant.
    let train = Dataset(features: Tensor([[1, 5], [2, 5], [6, 5]]), targets: Tensor([0, 1, 1]), classNames: ["no", "yes"])

    @Test func standardizationDividesBySigma() {
        // feature 0: μ = (1 + 2 + 6)/3 = 3, σ² = (4 + 1 + 9)/3 = 14/3, σ = 2.1602469
        // feature 1: constant, σ = 0 → left unscaled (s = 1), only centred
        let p = Preprocessing.fit(.standardization, to: train)
        #expect(p.offset == [3, 5])
        expectClose(p.scale, [2.1602469, 1])
        let x = p.transform(Tensor([[3, 5], [7.3204938, 6]]))
        expectClose(x.scalars, [0, 0, 2, 1])  // (7.3204938 − 3)/2.1602469 = 2
        #expect(p.classNames == ["no", "yes"])
    }

    @Test func minMaxAndImageScaling() {
        // feature 0: min 1, max 6 → (x − 1)/5; feature 1 constant → (x − 5)/1
        let minMax = Preprocessing.fit(.minMax, to: train)
        #expect(minMax.offset == [1, 5] && minMax.scale == [5, 1])
        expectClose(minMax.transform(Tensor([[1, 5], [6, 5], [11, 7]])).scalars, [0, 0, 1, 0, 2, 2])
        let images = Preprocessing.fit(.imageScaling, to: train)
        #expect(images.transform(Tensor(shape: [1, 3], scalars: [0, 51, 255])).scalars == [0, 0.2, 1])
        #expect(Preprocessing.fit(.none, to: train).transform(train.features) .scalars == train.features.scalars)
    }

    @Test func fittedOnTrainingOnlyAndCodable() throws {
        let test = Dataset(features: Tensor([[100, 0]]), targets: Tensor([0]), classNames: ["no", "yes"])
        let p = Preprocessing.fit(.standardization, to: train)
        // the test sample is scaled with the training statistics, not its own
        expectClose(p.apply(to: test).features.scalars, [97 / 2.1602469, -5])
        let decoded = try JSONDecoder().decode(Preprocessing.self, from: JSONEncoder().encode(p))
        #expect(decoded == p)
        #expect(p.predictedClassNames(Tensor([[0.1, 0.9], [2, -1]])) == ["yes", "no"])
    }

    @Test func oneHot() throws {
        #expect(try Tensor.oneHot(Tensor([2, 0, 1]), classCount: 3).rows == [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
        #expect(throws: DescentError.invalidArgument(name: "label", value: "3.0 (row 1)", expected: "a class index in 0..<3")) {
            try Tensor.oneHot(Tensor([0, 3]), classCount: 3)
        }
    }

    @Test func kFoldCoversEverySampleOnceAndStratifies() throws {
        // 10 samples: 6 of class 0, 4 of class 1; 2 folds keep 3 + 2 in each
        let labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
        let folds = try KFold(k: 2, seed: 3).indices(count: 10, labels: labels)
        #expect(folds.count == 2)
        #expect(folds.flatMap(\.validation).sorted() == Array(0..<10))
        for fold in folds {
            #expect(Set(fold.train).isDisjoint(with: fold.validation) && fold.train.count + fold.validation.count == 10)
            #expect(fold.validation.filter { labels[$0] == 1 }.count == 2)
        }
        let plain = try KFold(k: 3).indices(count: 10)
        #expect(plain.map(\.validation.count).sorted() == [3, 3, 4])
        #expect(try KFold(k: 3).indices(count: 10).map(\.validation) == plain.map(\.validation))  // seeded
        #expect(throws: DescentError.self) { try KFold(k: 1).indices(count: 10) }
        #expect(throws: DescentError.self) { try KFold(k: 11).indices(count: 10) }
    }

    @Test func batchLoaderShufflesPerEpochFromTheSeed() throws {
        let data = Dataset(features: Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init)), targets: Tensor((0..<10).map(Float.init)))
        let loader = try BatchLoader(data, batchSize: 4, seed: 7)
        let epoch0 = loader.batches(epoch: 0).map(\.targets.scalars)
        #expect(epoch0.map(\.count) == [4, 4, 2])
        #expect(epoch0.flatMap { $0 }.sorted() == (0..<10).map(Float.init))
        #expect(try BatchLoader(data, batchSize: 4, seed: 7).batches(epoch: 0).map(\.targets.scalars) == epoch0)
        #expect(loader.order(epoch: 1) != loader.order(epoch: 0))
        let dropping = try BatchLoader(data, batchSize: 4, dropLast: true, seed: 7)
        #expect(dropping.batchCount == 2 && dropping.batches(epoch: 0).map(\.features.shape) == [[4, 1], [4, 1]])
        #expect(try BatchLoader(data, batchSize: 3, shuffle: false).batches(epoch: 5).map(\.targets.scalars)[0] == [0, 1, 2])
        #expect(throws: DescentError.self) { try BatchLoader(data, batchSize: 11, dropLast: true) }
    }

    @Test func stratifiedSplitKeepsFeatureNames() throws {
        var data = Dataset(features: Tensor(shape: [20, 1], scalars: (0..<20).map(Float.init)),
                           targets: Tensor((0..<20).map { Float($0 % 2) }), classNames: ["even", "odd"])
        data.featureNames = ["n"]
        let parts = try data.split(train: 0.6, validation: 0.2, seed: 1)
        #expect(parts.train.count == 12 && parts.validation.count == 4 && parts.test.count == 4)
        #expect(parts.validation.targets.scalars.filter { $0 == 1 }.count == 2)
        #expect(parts.test.featureNames == ["n"])
    }
}
