import Descent
import Testing

@Suite("Augmentation")
struct AugmentationTests {
    /// Two 3×4 one-channel images with distinct pixel values 0…23.
    static let images = Tensor(shape: [2, 3, 4, 1], scalars: (0..<24).map(Float.init))

    @Test("flips mirror the width axis exactly; about half of the images flip")
    func flip() {
        // 400 images of one row [1, 2].
        let pairs = Tensor(shape: [400, 1, 2, 1], scalars: (0..<800).map { Float($0 % 2 + 1) })
        let flipped = ImageAugmentation(horizontalFlip: true, generator: RandomGenerator(seed: 1))(pairs).scalars
        let starts = Array(stride(from: 0, to: 800, by: 2))
        let mirrored = starts.filter { flipped[$0] == 2 && flipped[$0 + 1] == 1 }.count
        let kept = starts.filter { flipped[$0] == 1 && flipped[$0 + 1] == 2 }.count
        #expect(mirrored + kept == 400)
        #expect(abs(mirrored - 200) < 50)  // 5 SE of Binomial(400, ½)
    }

    @Test("shifts move pixels by whole steps and fill with zeros")
    func shift() {
        let shifted = ImageAugmentation(maxShift: 1, generator: RandomGenerator(seed: 2))(Self.images)
        for image in 0..<2 {
            let source = Array(Self.images.scalars[(image * 12)..<((image + 1) * 12)])
            let output = Array(shifted.scalars[(image * 12)..<((image + 1) * 12)])
            var matches = false
            for dy in -1...1 {
                for dx in -1...1 {
                    let candidate = (0..<12).map { p -> Float in
                        let (i, j) = (p / 4 - dy, p % 4 - dx)
                        return i >= 0 && i < 3 && j >= 0 && j < 4 ? source[i * 4 + j] : 0
                    }
                    if candidate == output { matches = true }
                }
            }
            #expect(matches, "image \(image): \(output)")
        }
    }

    @Test("small rotations keep a constant image constant away from the border")
    func rotation() {
        let flat = Tensor.full([3, 9, 9, 2], 5)
        let rotated = ImageAugmentation(maxRotationDegrees: 10, generator: RandomGenerator(seed: 3))(flat)
        for n in 0..<3 {
            for i in 2..<7 {
                for j in 2..<7 { #expect(abs(rotated.scalars[((n * 9 + i) * 9 + j) * 2] - 5) < 1e-4) }
            }
        }
        #expect(rotated.scalars != flat.scalars)  // corners leave the frame
    }

    @Test("the same seed gives the same augmented batch")
    func seeded() {
        let make = { ImageAugmentation(horizontalFlip: true, maxShift: 2, maxRotationDegrees: 15, noiseStandardDeviation: 0.1, generator: RandomGenerator(seed: $0)) }
        let x = Tensor.randomNormal([4, 6, 6, 3], generator: RandomGenerator(seed: 9))
        #expect(make(1)(x).scalars == make(1)(x).scalars)
        #expect(make(1)(x).scalars != make(2)(x).scalars)
    }

    @Test("feature noise has the requested standard deviation")
    func featureNoise() {
        let noisy = FeatureNoise(standardDeviation: 0.2, generator: RandomGenerator(seed: 4))(Tensor.zeros([50_000, 2]))
        let variance = noisy.scalars.reduce(0.0) { $0 + Double($1 * $1) } / 100_000
        #expect(abs(variance - 0.04) < 5 * 0.04 * (2.0 / 100_000).squareRoot())
    }

    /// Records the batches it sees and returns them unchanged.
    final class Recorder: Augmentation {
        var sizes: [Int] = []
        func callAsFunction(_ batch: Tensor) -> Tensor { sizes.append(batch.shape[0]); return batch }
    }

    @Test("the trainer augments training batches only")
    func trainerHook() throws {
        let model = Sequential { Dense(inputSize: 2, outputSize: 1) }
        let trainer = Trainer(model: model, loss: MeanSquaredError(), optimizer: Optimizer(SGD(), parameters: model.parameters), metrics: [])
        let recorder = Recorder()
        trainer.augmentation = recorder
        let x = Tensor.zeros([10, 2]), y = Tensor.zeros([10, 1])
        _ = try trainer.fit(x, y, epochs: 2, batchSize: 4, validationData: (x, y), verbosity: .silent)
        _ = trainer.evaluate(x, y)
        #expect(recorder.sizes == [4, 4, 2, 4, 4, 2])
    }
}
