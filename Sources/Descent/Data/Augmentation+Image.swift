import Foundation

/// Random image transformations for NHWC batches [N, H, W, C], one draw per image:
///
///     flip      with probability ½, x′(i, j) = x(i, W − 1 − j)
///     shift     (dy, dx) uniform in {−s, …, s}²: x′(i, j) = x(i − dy, j − dx), zeros outside
///               (the same as padding by s and cropping an H×W window at a random offset)
///     rotation  θ uniform in [−r, r] degrees about the image centre, bilinear, zeros outside
///     noise     x′ = x + σ·ε, ε ~ 𝒩(0, 1) per element
///
/// applied in that order in reverse, i.e. output = noise(flip(shift(rotate(x)))). Every output
/// pixel is found by mapping its coordinates back through the inverse transforms, so integer
/// shifts and flips copy values exactly.
public final class ImageAugmentation: Augmentation, RandomGeneratorOwner {
    public let horizontalFlip: Bool
    /// s, the largest shift in pixels along each axis.
    public let maxShift: Int
    /// r, the largest rotation in degrees.
    public let maxRotationDegrees: Float
    /// σ of the additive Gaussian noise.
    public let noiseStandardDeviation: Float
    public var generator: RandomGenerator

    public init(
        horizontalFlip: Bool = false, maxShift: Int = 0, maxRotationDegrees: Float = 0,
        noiseStandardDeviation: Float = 0, generator: RandomGenerator = .default
    ) {
        precondition(maxShift >= 0 && maxRotationDegrees >= 0 && noiseStandardDeviation >= 0,
                     "ImageAugmentation: maxShift, maxRotationDegrees and noiseStandardDeviation must be ≥ 0")
        self.horizontalFlip = horizontalFlip
        self.maxShift = maxShift
        self.maxRotationDegrees = maxRotationDegrees
        self.noiseStandardDeviation = noiseStandardDeviation
        self.generator = generator
    }

    public func callAsFunction(_ batch: Tensor) -> Tensor {
        precondition(batch.rank == 4, "ImageAugmentation: expects NHWC images [N, H, W, C], got shape \(batch.shape)")
        let (n, h, w, c) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        let imageSize = h * w * c
        var out = [Float](repeating: 0, count: batch.count)
        for image in 0..<n {
            let flip = horizontalFlip && generator.nextUniform() < 0.5
            let dy = maxShift > 0 ? generator.nextInt(below: 2 * maxShift + 1) - maxShift : 0
            let dx = maxShift > 0 ? generator.nextInt(below: 2 * maxShift + 1) - maxShift : 0
            let angle = maxRotationDegrees > 0 ? generator.nextUniform(-maxRotationDegrees, maxRotationDegrees) * .pi / 180 : 0
            let (cosine, sine) = (Foundation.cos(angle), Foundation.sin(angle))
            let (cy, cx) = (Float(h - 1) / 2, Float(w - 1) / 2)
            let base = image * imageSize
            for i in 0..<h {
                for j in 0..<w {
                    // Undo the flip, then the shift, then the rotation (by −θ about the centre).
                    let (y, x) = (Float(i - dy) - cy, Float((flip ? w - 1 - j : j) - dx) - cx)
                    let sourceY = cosine * y + sine * x + cy
                    let sourceX = -sine * y + cosine * x + cx
                    for channel in 0..<c {
                        out[base + (i * w + j) * c + channel] = Self.bilinear(batch.scalars, base, h, w, c, sourceY, sourceX, channel)
                    }
                }
            }
        }
        if noiseStandardDeviation > 0 {
            for i in out.indices { out[i] += noiseStandardDeviation * generator.nextNormal() }
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
