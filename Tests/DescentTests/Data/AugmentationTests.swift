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
        let flipped = ImageAugmentation(.init(flipProbability: 0.5), generator: RandomGenerator(seed: 1))(pairs).scalars
        let starts = Array(stride(from: 0, to: 800, by: 2))
        let mirrored = starts.filter { flipped[$0] == 2 && flipped[$0 + 1] == 1 }.count
        let kept = starts.filter { flipped[$0] == 1 && flipped[$0 + 1] == 2 }.count
        #expect(mirrored + kept == 400)
        #expect(abs(mirrored - 200) < 50)  // 5 SE of Binomial(400, ½)
    }

    @Test("shifts move pixels by whole steps and fill with zeros")
    func shift() {
        let shifted = ImageAugmentation(.init(cropPadding: 1), generator: RandomGenerator(seed: 2))(Self.images)
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
        let rotated = ImageAugmentation(.init(rotationDegrees: 10), generator: RandomGenerator(seed: 3))(flat)
        for n in 0..<3 {
            for i in 2..<7 {
                for j in 2..<7 { #expect(abs(rotated.scalars[((n * 9 + i) * 9 + j) * 2] - 5) < 1e-4) }
            }
        }
        #expect(rotated.scalars != flat.scalars)  // corners leave the frame
    }

    @Test("cutout zeroes one L×L square (clipped at the border) in every channel, with probability p")
    func cutout() {
        let ones = Tensor.full([300, 8, 8, 2], 1)
        let cut = ImageAugmentation(.init(cutoutSize: 4, cutoutProbability: 0.5), generator: RandomGenerator(seed: 4))(ones).scalars
        var withCutout = 0
        for n in 0..<300 {
            let zeros = (0..<64).filter { cut[(n * 64 + $0) * 2] == 0 }
            #expect(zeros.allSatisfy { cut[(n * 64 + $0) * 2 + 1] == 0 })   // both channels
            guard !zeros.isEmpty else { continue }
            withCutout += 1
            let rows = Set(zeros.map { $0 / 8 }), columns = Set(zeros.map { $0 % 8 })
            #expect(zeros.count == rows.count * columns.count && rows.count <= 4 && columns.count <= 4)   // one rectangle
            #expect(rows.max()! - rows.min()! + 1 == rows.count && columns.max()! - columns.min()! + 1 == columns.count)
            #expect((rows.count == 4 || rows.contains(0) || rows.contains(7)) && (columns.count == 4 || columns.contains(0) || columns.contains(7)))
        }
        #expect(abs(withCutout - 150) < 45)   // 5 SE of Binomial(300, ½)
    }

    @Test("translations shift by whole pixels up to t·size; probability 0 and settings of zero change nothing")
    func translation() {
        let x = Tensor(shape: [50, 10, 10, 1], scalars: (0..<5000).map { Float($0 % 100 + 1) })
        let moved = ImageAugmentation(.init(translation: 0.2), generator: RandomGenerator(seed: 5))(x).scalars
        for n in 0..<50 {
            let out = Array(moved[(n * 100)..<((n + 1) * 100)])
            let offsets = (-2...2).flatMap { dy in (-2...2).map { dx in (dy, dx) } }
            let match = offsets.first { dy, dx in
                (0..<100).allSatisfy { p in
                    let (i, j) = (p / 10 - dy, p % 10 - dx)
                    return out[p] == (i >= 0 && i < 10 && j >= 0 && j < 10 ? Float(i * 10 + j + 1) : 0)
                }
            }
            #expect(match != nil, "image \(n) is not a whole-pixel shift within ±2")
        }
        let never = ImageAugmentation(.init(translation: 0.2, translationProbability: 0, rotationDegrees: 30, rotationProbability: 0))
        #expect(never(x).scalars == x.scalars && never.settings.isIdentity)
        #expect(ImageAugmentation.Settings(rotationProbability: 2).invalidSetting?.name == "rotation probability")
        #expect(ImageAugmentation.Settings(translation: 0.7).invalidSetting?.expected == "a fraction of the image size in [0, 0.5]")
    }

    @Test("drawing from a copy of the stream gives the batch the augmentation's own generator gives")
    func drawsFromTheGeneratorPassedIn() {
        let settings = ImageAugmentation.Settings(flipProbability: 0.5, cropPadding: 1, rotationDegrees: 5, cutoutSize: 2, noiseStandardDeviation: 0.1)
        let x = Tensor.randomNormal([3, 5, 5, 2], generator: RandomGenerator(seed: 1))
        let own = ImageAugmentation(settings, generator: RandomGenerator(seed: 7))
        let copy = RandomGenerator(state: own.generator.state)
        let viaCopy = own(x, using: copy)
        #expect(own.generator.state == RandomGenerator(seed: 7).state)   // the own stream has not moved
        #expect(own(x).scalars == viaCopy.scalars && own.generator.state == copy.state)
    }

    @Test("the same seed gives the same augmented batch")
    func seeded() {
        let make = { ImageAugmentation(.init(flipProbability: 0.5, cropPadding: 2, translation: 0.2, rotationDegrees: 15, cutoutSize: 2, noiseStandardDeviation: 0.1), generator: RandomGenerator(seed: $0)) }
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
        var generator = RandomGenerator(seed: 0)
        func callAsFunction(_ batch: Tensor, using generator: RandomGenerator) -> Tensor { sizes.append(batch.shape[0]); return batch }
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
