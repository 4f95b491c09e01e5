import Foundation

/// Random image transformations for NHWC batches [N, H, W, C], drawn per image in this order:
///
///     flip         with probability p_f: x′(i, j) = x(i, W − 1 − j)            (RandomHorizontalFlip)
///     crop         (dy, dx) uniform in {−p, …, p}²: the image padded by p zeros on every side
///                  and an H×W window cut at a random offset                      (RandomCrop(padding=p))
///     translation  with probability p_t: (ty, tx) = (round(U(−t·H, t·H)), round(U(−t·W, t·W)))
///                  added to the crop offset                                     (RandomAffine(translate=t))
///     rotation     with probability p_r: θ uniform in [−r, r] degrees about the image centre,
///                  bilinear, zeros outside                                      (RandomRotation(r))
///     cutout       with probability p_c: a centre (cy, cx) uniform over the pixels and the
///                  square rows cy − ⌊L/2⌋ ..< cy + ⌈L/2⌉ (and columns), clipped to the image,
///                  set to 0 in every channel                                    (DeVries & Taylor, 2017)
///     noise        x′ = x + σ·ε, ε ~ 𝒩(0, 1) per element
///
/// The image is rotated first, then shifted by the crop offset plus the translation, flipped,
/// noised and cut out: every output pixel is found by mapping its coordinates back through the
/// inverse transforms, so integer shifts and flips copy values exactly. Cutout's zero is in the
/// units the model sees (after the run's scaling): black for images scaled to [0, 1].
public final class ImageAugmentation: Augmentation {
    /// What to draw; every field zero does nothing.
    public struct Settings: Equatable, Sendable {
        /// p_f, the probability of a horizontal flip.
        public var flipProbability: Float = 0
        /// p, the zero padding of the random crop, in pixels.
        public var cropPadding = 0
        /// t, the largest translation as a fraction of the height and width.
        public var translation: Float = 0
        /// p_t, the probability that an image is translated.
        public var translationProbability: Float = 1
        /// r, the largest rotation in degrees.
        public var rotationDegrees: Float = 0
        /// p_r, the probability that an image is rotated.
        public var rotationProbability: Float = 1
        /// L, the side of the cutout square in pixels.
        public var cutoutSize = 0
        /// p_c, the probability that an image gets a cutout.
        public var cutoutProbability: Float = 1
        /// σ of the additive Gaussian noise.
        public var noiseStandardDeviation: Float = 0

        public init(flipProbability: Float = 0, cropPadding: Int = 0, translation: Float = 0, translationProbability: Float = 1,
                    rotationDegrees: Float = 0, rotationProbability: Float = 1, cutoutSize: Int = 0, cutoutProbability: Float = 1,
                    noiseStandardDeviation: Float = 0) {
            (self.flipProbability, self.cropPadding, self.translation, self.translationProbability) = (flipProbability, cropPadding, translation, translationProbability)
            (self.rotationDegrees, self.rotationProbability, self.cutoutSize, self.cutoutProbability) = (rotationDegrees, rotationProbability, cutoutSize, cutoutProbability)
            self.noiseStandardDeviation = noiseStandardDeviation
        }

        /// True when nothing would change an image.
        public var isIdentity: Bool {
            flipProbability == 0 && cropPadding == 0 && (translation == 0 || translationProbability == 0) && (rotationDegrees == 0 || rotationProbability == 0)
                && (cutoutSize == 0 || cutoutProbability == 0) && noiseStandardDeviation == 0
        }

        /// The first setting out of range, as (field, value, expected); nil when all are valid.
        public var invalidSetting: (name: String, value: Float, expected: String)? {
            let probabilities: [(String, Float)] = [("flip probability", flipProbability), ("translation probability", translationProbability),
                                                   ("rotation probability", rotationProbability), ("cutout probability", cutoutProbability)]
            if let (name, value) = probabilities.first(where: { !(0...1).contains($0.1) }) { return (name, value, "a probability in [0, 1]") }
            if cropPadding < 0 || cropPadding > 1024 { return ("crop padding", Float(cropPadding), "an integer in [0, 1024]") }
            if !(0...0.5).contains(translation) { return ("translation", translation, "a fraction of the image size in [0, 0.5]") }
            if !(0...180).contains(rotationDegrees) { return ("rotation", rotationDegrees, "degrees in [0, 180]") }
            if cutoutSize < 0 || cutoutSize > 1024 { return ("cutout size", Float(cutoutSize), "an integer in [0, 1024]") }
            if !(noiseStandardDeviation >= 0 && noiseStandardDeviation.isFinite) { return ("noise", noiseStandardDeviation, "a finite number ≥ 0") }
            return nil
        }
    }

    public let settings: Settings
    public var generator: RandomGenerator

    public init(_ settings: Settings, generator: RandomGenerator = .default) {
        precondition(settings.invalidSetting == nil, "ImageAugmentation: \(settings.invalidSetting.map { "\($0.name) \($0.value) is not \($0.expected)" } ?? "")")
        self.settings = settings
        self.generator = generator
    }

    /// The draws for one image.
    private struct Draw {
        var flip = false, dy = 0, dx = 0, angle: Float = 0, cutout: (y: Int, x: Int)?
    }

    private func draw(height h: Int, width w: Int, from generator: RandomGenerator) -> Draw {
        let s = settings
        var draw = Draw()
        if s.flipProbability > 0 { draw.flip = generator.nextUniform() < s.flipProbability }
        if s.cropPadding > 0 {
            draw.dy = generator.nextInt(below: 2 * s.cropPadding + 1) - s.cropPadding
            draw.dx = generator.nextInt(below: 2 * s.cropPadding + 1) - s.cropPadding
        }
        if s.translation > 0 && generator.nextUniform() < s.translationProbability {
            let (maxY, maxX) = (s.translation * Float(h), s.translation * Float(w))
            draw.dy += Int(generator.nextUniform(-maxY, maxY).rounded())
            draw.dx += Int(generator.nextUniform(-maxX, maxX).rounded())
        }
        if s.rotationDegrees > 0 && generator.nextUniform() < s.rotationProbability {
            draw.angle = generator.nextUniform(-s.rotationDegrees, s.rotationDegrees) * .pi / 180
        }
        if s.cutoutSize > 0 && generator.nextUniform() < s.cutoutProbability {
            draw.cutout = (generator.nextInt(below: h), generator.nextInt(below: w))
        }
        return draw
    }

    public func callAsFunction(_ batch: Tensor, using generator: RandomGenerator) -> Tensor {
        precondition(batch.rank == 4, "ImageAugmentation: expects NHWC images [N, H, W, C], got shape \(batch.shape)")
        let (n, h, w, c) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        let imageSize = h * w * c
        var out = [Float](repeating: 0, count: batch.count)
        let pixels = batch.scalars
        for image in 0..<n {
            let draw = draw(height: h, width: w, from: generator)
            let (cosine, sine) = (Foundation.cos(draw.angle), Foundation.sin(draw.angle))
            let (cy, cx) = (Float(h - 1) / 2, Float(w - 1) / 2)
            let base = image * imageSize
            for i in 0..<h {
                for j in 0..<w {
                    // Undo the flip, then the shift, then the rotation (by −θ about the centre).
                    let (y, x) = (Float(i - draw.dy) - cy, Float((draw.flip ? w - 1 - j : j) - draw.dx) - cx)
                    let sourceY = draw.angle == 0 ? y + cy : cosine * y + sine * x + cy
                    let sourceX = draw.angle == 0 ? x + cx : -sine * y + cosine * x + cx
                    for channel in 0..<c {
                        out[base + (i * w + j) * c + channel] = Self.bilinear(pixels, base, h, w, c, sourceY, sourceX, channel)
                    }
                }
            }
            if settings.noiseStandardDeviation > 0 {
                for k in base..<(base + imageSize) { out[k] += settings.noiseStandardDeviation * generator.nextNormal() }
            }
            if let (y, x) = draw.cutout {
                let half = settings.cutoutSize / 2
                for i in Swift.max(0, y - half)..<Swift.min(h, y - half + settings.cutoutSize) {
                    for j in Swift.max(0, x - half)..<Swift.min(w, x - half + settings.cutoutSize) {
                        for channel in 0..<c { out[base + (i * w + j) * c + channel] = 0 }
                    }
                }
            }
        }
        return Tensor(shape: batch.shape, scalars: out)
    }

    /// The image at fractional (y, x), zero outside; exact at integer coordinates.
    private static func bilinear(_ pixels: [Float], _ base: Int, _ h: Int, _ w: Int, _ c: Int, _ y: Float, _ x: Float, _ channel: Int) -> Float {
        let (y0, x0) = (Int(Foundation.floor(y)), Int(Foundation.floor(x)))
        let (fy, fx) = (y - Float(y0), x - Float(x0))
        func at(_ r: Int, _ q: Int) -> Float {
            r >= 0 && r < h && q >= 0 && q < w ? pixels[base + (r * w + q) * c + channel] : 0
        }
        let top = (1 - fx) * at(y0, x0) + (fx == 0 ? 0 : fx * at(y0, x0 + 1))
        let bottom = fy == 0 ? 0 : (1 - fx) * at(y0 + 1, x0) + (fx == 0 ? 0 : fx * at(y0 + 1, x0 + 1))
        return (1 - fy) * top + fy * bottom
    }
}
