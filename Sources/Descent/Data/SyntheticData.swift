import Foundation

/// The built-in datasets, generated from a seed (no files, no network).
public enum SyntheticData {
    /// The names accepted by `make(_:samples:seed:)`.
    public static let names = ["spirals", "moons", "circles", "blobs", "sine", "quadratic", "digits", "digits-28"]

    /// A built-in dataset by name; throws for an unknown name.
    public static func make(_ name: String, samples: Int, seed: UInt64) throws -> Dataset {
        guard samples >= 2 else {
            throw DescentError.invalidArgument(name: "samples", value: "\(samples)", expected: "at least 2")
        }
        let generator = RandomGenerator(seed: seed)
        switch name {
        case "spirals": return spirals(samples: samples, arms: 3, noise: 0.2, generator: generator)
        case "moons": return moons(samples: samples, noise: 0.1, generator: generator)
        case "circles": return circles(samples: samples, noise: 0.05, factor: 0.5, generator: generator)
        case "blobs": return blobs(samples: samples, centers: 3, spread: 1.0, generator: generator)
        case "sine": return sine(samples: samples, noise: 0.1, generator: generator)
        case "quadratic": return quadratic(samples: samples, dimensions: 20, noise: 0.5, generator: generator)
        case "digits": return digits(samples: samples, size: 8, noise: 0.1, generator: generator)
        case "digits-28": return digits(samples: samples, size: 28, noise: 0.1, generator: generator)
        default:
            throw DescentError.invalidArgument(name: "dataset", value: name, expected: "one of \(names.joined(separator: ", "))")
        }
    }

    /// K interleaved spiral arms (the CS231n data): for arm k and r ∈ [0, 1],
    /// t = 4k + 4r + noise·𝒩(0, 1), point = r·(sin t, cos t).
    public static func spirals(samples: Int, arms: Int, noise: Float, generator: RandomGenerator) -> Dataset {
        let perArm = samples / arms
        var points: [Float] = [], labels: [Float] = []
        for arm in 0..<arms {
            for i in 0..<perArm {
                let r = Float(i) / Float(Swift.max(perArm - 1, 1))
                let t = Float(arm) * 4 + r * 4 + noise * generator.nextNormal()
                points += [r * Foundation.sin(t), r * Foundation.cos(t)]
                labels.append(Float(arm))
            }
        }
        return Dataset(features: Tensor(shape: [labels.count, 2], scalars: points), targets: Tensor(labels),
                       classNames: (0..<arms).map { "arm \($0)" })
    }

    /// Two interleaving half circles (scikit-learn's `make_moons`).
    public static func moons(samples: Int, noise: Float, generator: RandomGenerator) -> Dataset {
        var points: [Float] = [], labels: [Float] = []
        for i in 0..<samples {
            let upper = i < samples / 2
            let t = Float.pi * generator.nextUniform()
            let (x, y) = upper ? (Foundation.cos(t), Foundation.sin(t)) : (1 - Foundation.cos(t), 0.5 - Foundation.sin(t))
            points += [x + noise * generator.nextNormal(), y + noise * generator.nextNormal()]
            labels.append(upper ? 0 : 1)
        }
        return Dataset(features: Tensor(shape: [samples, 2], scalars: points), targets: Tensor(labels), classNames: ["upper", "lower"])
    }

    /// Two concentric circles, the inner one `factor` times the outer radius.
    public static func circles(samples: Int, noise: Float, factor: Float, generator: RandomGenerator) -> Dataset {
        var points: [Float] = [], labels: [Float] = []
        for i in 0..<samples {
            let inner = i >= samples / 2
            let t = 2 * Float.pi * generator.nextUniform()
            let r: Float = inner ? factor : 1
            points += [r * Foundation.cos(t) + noise * generator.nextNormal(), r * Foundation.sin(t) + noise * generator.nextNormal()]
            labels.append(inner ? 1 : 0)
        }
        return Dataset(features: Tensor(shape: [samples, 2], scalars: points), targets: Tensor(labels), classNames: ["outer", "inner"])
    }

    /// Isotropic Gaussian blobs around `centers` points spread evenly on a circle of radius 5.
    public static func blobs(samples: Int, centers: Int, spread: Float, generator: RandomGenerator) -> Dataset {
        var points: [Float] = [], labels: [Float] = []
        for i in 0..<samples {
            let c = i % centers
            let angle = 2 * Float.pi * Float(c) / Float(centers)
            points += [5 * Foundation.cos(angle) + spread * generator.nextNormal(), 5 * Foundation.sin(angle) + spread * generator.nextNormal()]
            labels.append(Float(c))
        }
        return Dataset(features: Tensor(shape: [samples, 2], scalars: points), targets: Tensor(labels),
                       classNames: (0..<centers).map { "blob \($0)" })
    }

    /// Regression: y = sin(x) + noise·𝒩(0, 1) for x uniform in [−π, π]; targets [N, 1].
    public static func sine(samples: Int, noise: Float, generator: RandomGenerator) -> Dataset {
        var xs: [Float] = [], ys: [Float] = []
        for _ in 0..<samples {
            let x = generator.nextUniform(-Float.pi, Float.pi)
            xs.append(x)
            ys.append(Foundation.sin(x) + noise * generator.nextNormal())
        }
        return Dataset(features: Tensor(shape: [samples, 1], scalars: xs), targets: Tensor(shape: [samples, 1], scalars: ys))
    }
}
