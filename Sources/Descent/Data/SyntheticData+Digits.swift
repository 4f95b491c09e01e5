import Foundation

extension SyntheticData {
    /// The ten glyphs of a 5×7 bitmap font, one string of seven rows per digit.
    static let glyphs: [[String]] = [
        ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
        ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
        ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
        ["11111", "00010", "00100", "00010", "00001", "10001", "01110"],
        ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
        ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
        ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
        ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
        ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
        ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
    ]

    /// Handwriting-like digits, `size`×`size` pixels in [0, 1], shape [N, size, size, 1], labels
    /// 0…9 in turn. Each sample draws its glyph of the 5×7 font through a random affine map
    /// (rotation ±0.25 rad, shear ±0.3, scale 0.8…1.1 of 70 % of the image, shift ±10 %),
    /// supersampled 4×4 per pixel, times a contrast in [0.6, 1], plus 𝒩(0, noise²) per pixel,
    /// clipped to [0, 1]. `size: 8` stands in for scikit-learn's 8×8 digits, `size: 28` for an
    /// MNIST subset: the same task at the same shapes, made from a seed, not the real images.
    public static func digits(samples: Int, size: Int, noise: Float, generator: RandomGenerator) -> Dataset {
        var pixels: [Float] = [], labels: [Float] = []
        pixels.reserveCapacity(samples * size * size)
        for i in 0..<samples {
            let digit = i % 10
            pixels += drawGlyph(glyphs[digit], size: size, noise: noise, generator: generator)
            labels.append(Float(digit))
        }
        return Dataset(features: Tensor(shape: [samples, size, size, 1], scalars: pixels), targets: Tensor(labels),
                       classNames: (0..<10).map(String.init))
    }

    /// One glyph through a random affine map: pixel centres are mapped back into the glyph's
    /// 5×7 cell grid (centred at the origin, one unit per cell) and count where a cell is on.
    static func drawGlyph(_ glyph: [String], size: Int, noise: Float, generator: RandomGenerator) -> [Float] {
        let cells = glyph.map { row in row.map { $0 == "1" } }
        let angle = generator.nextUniform(-0.25, 0.25), shear = generator.nextUniform(-0.3, 0.3)
        let scale = generator.nextUniform(0.8, 1.1) * 0.7 * Float(size) / 7
        let shift = (generator.nextUniform(-0.1, 0.1) * Float(size), generator.nextUniform(-0.1, 0.1) * Float(size))
        let contrast = generator.nextUniform(0.6, 1)
        let (c, s) = (Foundation.cos(angle), Foundation.sin(angle))
        let centre = Float(size) / 2, samplesPerSide = 4
        var image = [Float](repeating: 0, count: size * size)
        for row in 0..<size {
            for column in 0..<size {
                var on = 0
                for sy in 0..<samplesPerSide {
                    for sx in 0..<samplesPerSide {
                        // image point relative to the centre, undone: shift, scale, rotation, shear
                        let px = (Float(column) + (Float(sx) + 0.5) / Float(samplesPerSide) - centre - shift.0) / scale
                        let py = (Float(row) + (Float(sy) + 0.5) / Float(samplesPerSide) - centre - shift.1) / scale
                        let (rx, ry) = (c * px + s * py, -s * px + c * py)
                        let gx = Int((rx - shear * ry + 2.5).rounded(.down)), gy = Int((ry + 3.5).rounded(.down))
                        if (0..<7).contains(gy), (0..<5).contains(gx), cells[gy][gx] { on += 1 }
                    }
                }
                let value = contrast * Float(on) / Float(samplesPerSide * samplesPerSide) + noise * generator.nextNormal()
                image[row * size + column] = Swift.min(Swift.max(value, 0), 1)
            }
        }
        return image
    }

    /// A noisy quadratic as least squares (the DeepOBS `quadratic_deep` idea): features
    /// xₖ = zₖ·√λₖ with zₖ ~ 𝒩(0, 1) and eigenvalues λₖ log-spaced from 10⁻² to 10 (condition
    /// number 1000), targets y = x·w* + noise·𝒩(0, 1) with w* ~ 𝒩(0, 1). A linear model's
    /// mean squared error is then a quadratic in its weights with Hessian 2·diag(λ), and
    /// mini-batches make its gradients noisy. Shape [N, dimensions], targets [N, 1].
    public static func quadratic(samples: Int, dimensions: Int, noise: Float, generator: RandomGenerator) -> Dataset {
        let scales = (0..<dimensions).map { k in
            Foundation.sqrt(Foundation.pow(10, -2 + 3 * Float(k) / Float(Swift.max(dimensions - 1, 1))))
        }
        let optimum = (0..<dimensions).map { _ in generator.nextNormal() }
        var xs: [Float] = [], ys: [Float] = []
        for _ in 0..<samples {
            let x = scales.map { $0 * generator.nextNormal() }
            xs += x
            ys.append(zip(x, optimum).reduce(0) { $0 + $1.0 * $1.1 } + noise * generator.nextNormal())
        }
        return Dataset(features: Tensor(shape: [samples, dimensions], scalars: xs), targets: Tensor(shape: [samples, 1], scalars: ys))
    }
}
