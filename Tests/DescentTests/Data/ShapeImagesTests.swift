import Descent
import Foundation
import Testing

/// Procedural 12×12 grey images of three classes: a horizontal bar, a vertical bar, a cross,
/// each at a random row/column with pixel noise, as 8-bit pixels.
func shapeImages(count: Int, seed: UInt64) -> (pixels: [UInt8], labels: [UInt8]) {
    let generator = RandomGenerator(seed: seed)
    var pixels: [UInt8] = [], labels: [UInt8] = []
    for i in 0..<count {
        let label = i % 3
        let (row, column) = (2 + generator.nextInt(below: 8), 2 + generator.nextInt(below: 8))
        for y in 0..<12 {
            for x in 0..<12 {
                let onBar = (label != 1 && y == row) || (label != 0 && x == column)
                let value = (onBar ? 200 : 30) + 25 * generator.nextNormal()
                pixels.append(UInt8(Swift.min(255, Swift.max(0, value.rounded()))))
            }
        }
        labels.append(UInt8(label))
    }
    return (pixels, labels)
}

@Suite("A CNN on procedural IDX images")
struct ShapeImagesTests {
    @Test func smallCNNLearnsBarsAndCrosses() throws {
        let folder = temporaryFolder()
        let (pixels, labels) = shapeImages(count: 360, seed: 5)
        let imagesPath = writeFile(storedGzip(idxBytes(type: 0x08, shape: [360, 12, 12], payload: pixels)), "images-idx3-ubyte.gz", in: folder)
        let labelsPath = writeFile(idxBytes(type: 0x08, shape: [360], payload: labels), "labels-idx1-ubyte", in: folder)

        let data = try Dataset.images(imagesPath, labels: labelsPath)
        #expect(data.features.shape == [360, 12, 12, 1] && data.classNames == ["0", "1", "2"])
        let parts = try data.split(train: 0.7, validation: 0.1, seed: 1)
        let preprocessing = Preprocessing.fit(.imageScaling, to: parts.train)
        let (train, test) = (preprocessing.apply(to: parts.train), preprocessing.apply(to: parts.test))
        #expect(train.features.scalars.allSatisfy { (0...1).contains($0) })

        let model = try Sequential.convolutionalNetwork(inputShape: [12, 12, 1], filters: [8], hidden: 16, outputSize: 3,
                                                        generator: RandomGenerator(seed: 2))
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
                              optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 0.01))
        let history = try trainer.fit(train.features, train.targets, epochs: 8, batchSize: 16, seed: 3, verbosity: .silent)
        let accuracy = trainer.evaluate(test.features, test.targets)[.accuracy] ?? 0
        #expect(accuracy >= 0.95, "test accuracy \(accuracy); training history \(history.epochs.map { $0.metrics[.accuracy] ?? 0 })")
    }
}
