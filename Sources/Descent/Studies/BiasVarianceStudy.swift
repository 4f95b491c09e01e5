import Foundation

/// The bias–variance decomposition measured: polynomials of growing degree fitted by least
/// squares to many independent training sets of a noisy sine, y = sin(πx) + σ·𝒩(0, 1) with x
/// uniform in [−1, 1]. At fixed test points xⱼ, with fₖ the fit to training set k and f̄ its
/// mean over the K sets:
///
///     bias²    = meanⱼ (f̄(xⱼ) − sin(πxⱼ))²
///     variance = meanⱼ meanₖ (fₖ(xⱼ) − f̄(xⱼ))²
///     noise    = meanₖⱼ (yₖⱼ − sin(πxⱼ))²              measured on the test draws (σ² expected)
///     E[test MSE] = meanₖⱼ (fₖ(xⱼ) − yₖⱼ)²  ≈  bias² + variance + noise
///
/// where yₖⱼ are fresh noisy targets at xⱼ for each training set (`drawsPerTestPoint` of them,
/// averaged). The sum matches up to the cross term 2·meanₖⱼ (fₖ − f)(f − yₖⱼ), whose
/// expectation is zero. Features are Legendre polynomials scaled by √(2k+1)
/// (well conditioned on [−1, 1]); past the interpolation threshold (degree + 1 > samples) the
/// fit is the minimum-norm interpolant, so the test error can fall again (double descent).
///
///     let study = try BiasVarianceStudy()
///     print(study.csvText(study.run()))
public struct BiasVarianceStudy: Sendable {
    /// Polynomial degrees (capacity), in order.
    public var degrees: [Int]
    /// Samples per training set.
    public var samples: Int
    /// K: independent training sets.
    public var trainingSets: Int
    /// Test points, evenly spaced in [−1, 1].
    public var testPoints: Int
    /// σ of the label noise.
    public var noise: Double
    public var seed: UInt64

    /// Noisy targets drawn at each test point for each training set.
    public static let drawsPerTestPoint = 10

    /// Throws `DescentError.invalidArgument` unless degrees are ≥ 0, samples ≥ 2, training
    /// sets ≥ 2, test points ≥ 1 and noise ≥ 0.
    public init(degrees: [Int] = Array(0...30), samples: Int = 20, trainingSets: Int = 50, testPoints: Int = 500,
                noise: Double = 0.3, seed: UInt64 = 0) throws {
        let checks: [(String, String, Bool, String)] = [
            ("degrees", degrees.map(String.init).joined(separator: ","), !degrees.isEmpty && degrees.allSatisfy { $0 >= 0 }, "degrees ≥ 0"),
            ("samples", "\(samples)", samples >= 2, "at least 2"), ("training sets", "\(trainingSets)", trainingSets >= 2, "at least 2"),
            ("test points", "\(testPoints)", testPoints >= 1, "at least 1"), ("noise", "\(noise)", noise >= 0 && noise.isFinite, "a finite number ≥ 0"),
        ]
        if let failed = checks.first(where: { !$0.2 }) { throw DescentError.invalidArgument(name: failed.0, value: failed.1, expected: failed.3) }
        (self.degrees, self.samples, self.trainingSets, self.testPoints, self.noise, self.seed) = (degrees, samples, trainingSets, testPoints, noise, seed)
    }

    /// The decomposition at one capacity (or training-set size).
    public struct Point: Sendable {
        public var degree: Int
        public var samples: Int
        public var biasSquared: Double
        public var variance: Double
        public var noise: Double
        /// Measured: the mean over training sets and test draws of the squared test error.
        public var expectedTestMSE: Double
        /// Mean over training sets of the training MSE.
        public var trainMSE: Double
        /// The test MSE of the model fitted to the first training set alone (what one run sees).
        public var testMSE: Double
        /// bias² + variance + noise.
        public var sum: Double { biasSquared + variance + noise }
    }

    /// One point per degree.
    public func run() -> [Point] { degrees.map { measure(degree: $0, samples: samples) } }

    /// The learning curve of one degree: one point per training-set size.
    public func learningCurve(degree: Int, sizes: [Int]) -> [Point] { sizes.map { measure(degree: degree, samples: $0) } }

    /// Fits `trainingSets` sets of `samples` points with a polynomial of `degree` and measures.
    public func measure(degree: Int, samples: Int) -> Point {
        let generator = RandomGenerator(seed: seed)   // the same training sets for every degree
        let xs = (0..<testPoints).map { testPoints == 1 ? 0 : -1 + 2 * Double($0) / Double(testPoints - 1) }
        let truth = xs.map { Foundation.sin(Double.pi * $0) }
        let testFeatures = xs.map { Self.legendre($0, degree: degree) }
        var predictions: [[Double]] = [], trainErrors: [Double] = [], testErrors: [Double] = [], noiseSquares = 0.0
        for _ in 0..<trainingSets {
            let x = (0..<samples).map { _ in Double(generator.nextUniform(-1, 1)) }
            let y = x.map { Foundation.sin(Double.pi * $0) + noise * Double(generator.nextNormal()) }
            let features = x.map { Self.legendre($0, degree: degree) }
            let weights = Self.minimumNormLeastSquares(features, y)
            let fitted = features.map { Self.dot($0, weights) }
            trainErrors.append(zip(fitted, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(samples))
            let predicted = testFeatures.map { Self.dot($0, weights) }
            var squares = 0.0
            for _ in 0..<Self.drawsPerTestPoint {
                let targets = truth.map { $0 + noise * Double(generator.nextNormal()) }
                noiseSquares += zip(targets, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                squares += zip(predicted, targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            }
            testErrors.append(squares / Double(testPoints * Self.drawsPerTestPoint))
            predictions.append(predicted)
        }
        let k = Double(trainingSets), j = Double(testPoints)
        let mean = (0..<testPoints).map { point in predictions.reduce(0) { $0 + $1[point] } / k }
        let biasSquared = zip(mean, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / j
        let variance = predictions.reduce(0) { total, prediction in total + zip(prediction, mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } } / (k * j)
        return Point(degree: degree, samples: samples, biasSquared: biasSquared, variance: variance,
                     noise: noiseSquares / (k * j * Double(Self.drawsPerTestPoint)),
                     expectedTestMSE: testErrors.reduce(0, +) / k, trainMSE: trainErrors.reduce(0, +) / k, testMSE: testErrors[0])
    }

    /// √(2k+1)·Pₖ(x) for k = 0 … degree, by Bonnet's recursion (k+1)Pₖ₊₁ = (2k+1)xPₖ − kPₖ₋₁.
    static func legendre(_ x: Double, degree: Int) -> [Double] {
        var values = [1.0, x].prefix(degree + 1).map { $0 }
        for k in stride(from: 1, to: degree, by: 1) {
            values.append((Double(2 * k + 1) * x * values[k] - Double(k) * values[k - 1]) / Double(k + 1))
        }
        return values.enumerated().map { $0.element * Double(2 * $0.offset + 1).squareRoot() }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The least-squares weights of smallest norm: (XᵀX)⁻¹Xᵀy with at least as many samples as
    /// features, Xᵀ(XXᵀ)⁻¹y with fewer; the Gram matrix gets a jitter of 10⁻¹⁰ of its mean
    /// diagonal so that it stays positive definite at the interpolation threshold.
    static func minimumNormLeastSquares(_ x: [[Double]], _ y: [Double]) -> [Double] {
        let (n, p) = (x.count, x.first?.count ?? 0)
        if n >= p {
            let gram = (0..<p).map { a in (0..<p).map { b in x.reduce(0) { $0 + $1[a] * $1[b] } } }
            let right = (0..<p).map { a in zip(x, y).reduce(0) { $0 + $1.0[a] * $1.1 } }
            return solvePositiveDefinite(gram, right)
        }
        let gram = (0..<n).map { a in (0..<n).map { b in dot(x[a], x[b]) } }
        let alpha = solvePositiveDefinite(gram, y)
        return (0..<p).map { feature in (0..<n).reduce(0) { $0 + x[$1][feature] * alpha[$1] } }
    }

    /// Solves A·w = b for a symmetric positive (semi)definite A by Cholesky, with a jitter.
    static func solvePositiveDefinite(_ matrix: [[Double]], _ b: [Double]) -> [Double] {
        let size = b.count
        let jitter = 1e-10 * (0..<size).reduce(0) { $0 + matrix[$1][$1] } / Double(Swift.max(size, 1))
        var lower = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for i in 0..<size {
            for j in 0...i {
                let partial = (0..<j).reduce(0) { $0 + lower[i][$1] * lower[j][$1] }
                if i == j {
                    lower[i][i] = Swift.max(matrix[i][i] + jitter - partial, 1e-300).squareRoot()
                } else {
                    lower[i][j] = (matrix[i][j] - partial) / lower[j][j]
                }
            }
        }
        var z = [Double](repeating: 0, count: size), w = z
        for i in 0..<size { z[i] = (b[i] - (0..<i).reduce(0) { $0 + lower[i][$1] * z[$1] }) / lower[i][i] }
        for i in stride(from: size - 1, through: 0, by: -1) {
            w[i] = (z[i] - ((i + 1)..<size).reduce(0) { $0 + lower[$1][i] * w[$1] }) / lower[i][i]
        }
        return w
    }
}
