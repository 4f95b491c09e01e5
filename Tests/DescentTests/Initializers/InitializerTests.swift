import Descent
import Testing

@Suite("Initializers")
struct InitializerTests {
    /// One initializer with its theoretical moments: mean μ, variance v and the fourth central
    /// moment μ₄, from which the tolerances follow.
    struct Case: CustomTestStringConvertible, Sendable {
        var initializer: Initializer
        var mean: Double
        var variance: Double
        var fourthMoment: Double
        var testDescription: String { "\(initializer)" }

        static func normal(_ i: Initializer, mean: Double = 0, variance v: Double) -> Case { Case(initializer: i, mean: mean, variance: v, fourthMoment: 3 * v * v) }
        /// U(a, b): v = (b − a)²/12, μ₄ = (b − a)⁴/80.
        static func uniform(_ i: Initializer, width w: Double) -> Case { Case(initializer: i, mean: 0, variance: w * w / 12, fourthMoment: w * w * w * w / 80) }
    }

    // A [400, 500] kernel: fan_in 400, fan_out 500, n = 200,000 draws.
    static let shape = [400, 500]
    static let cases: [Case] = [
        .normal(.normal(mean: 0.5, standardDeviation: 0.01), mean: 0.5, variance: 1e-4),
        .uniform(.uniform(low: -0.3, high: 0.3), width: 0.6),
        // Truncated at ±2σ: v = σ²·(1 − 4φ(2)/(2Φ(2) − 1)) = 0.7737413·σ², μ₄ = 1.4161891·σ⁴.
        Case(initializer: .truncatedNormal(mean: 0, standardDeviation: 0.1), mean: 0, variance: 0.7737413e-2, fourthMoment: 1.4161891e-4),
        .uniform(.glorotUniform, width: 2 * (6.0 / 900).squareRoot()),
        .normal(.glorotNormal, variance: 2.0 / 900),
        .uniform(.heUniform, width: 2 * (6.0 / 400).squareRoot()),
        .normal(.heNormal, variance: 2.0 / 400),
        .uniform(.lecunUniform, width: 2 * (3.0 / 400).squareRoot()),
        .normal(.lecunNormal, variance: 1.0 / 400),
    ]

    @Test("sample mean and variance match the formula", arguments: cases)
    func moments(_ c: Case) {
        let sample = c.initializer.make(Self.shape, generator: RandomGenerator(seed: 11)).scalars.map(Double.init)
        let n = Double(sample.count)
        let mean = sample.reduce(0, +) / n
        let variance = sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        // Five standard errors: SE(mean) = √(v/n), SE(variance) ≈ √((μ₄ − v²)/n).
        let meanTolerance = 5 * (c.variance / n).squareRoot()
        let varianceTolerance = 5 * ((c.fourthMoment - c.variance * c.variance) / n).squareRoot()
        #expect(abs(mean - c.mean) <= meanTolerance, "mean \(mean) vs \(c.mean) ± \(meanTolerance)")
        #expect(abs(variance - c.variance) <= varianceTolerance, "variance \(variance) vs \(c.variance) ± \(varianceTolerance)")
    }

    @Test("a wrong variance fails the same check (the test can fail)")
    func checkerCatchesWrongScale() {
        let sample = Initializer.heNormal.make(Self.shape, generator: RandomGenerator(seed: 11)).scalars.map(Double.init)
        let n = Double(sample.count)
        let variance = sample.reduce(0) { $0 + $1 * $1 } / n
        let glorot = 2.0 / 900
        #expect(abs(variance - glorot) > 5 * (2 * glorot * glorot / n).squareRoot())
    }

    @Test("truncated normal stays within two standard deviations")
    func truncation() {
        let sample = Initializer.truncatedNormal(mean: 1, standardDeviation: 0.5).make([10_000], generator: RandomGenerator(seed: 3))
        #expect(sample.scalars.allSatisfy { abs($0 - 1) <= 1 })
    }

    @Test("fans: Dense [in, out] and HWIO convolution kernels (k·k·C)")
    func fans() {
        #expect(Initializer.fans(of: [784, 512]) == (784, 512))
        #expect(Initializer.fans(of: [3, 3, 16, 32]) == (144, 288))
        #expect(Initializer.fans(of: [10]) == (10, 10))
        // He uniform on a 3×3×16→32 kernel: limit √(6/144) = 0.2041.
        let kernel = Initializer.heUniform.make([3, 3, 16, 32], generator: RandomGenerator(seed: 1))
        let limit = kernel.scalars.map { abs($0) }.max()!
        #expect(limit <= (6.0 / 144).squareRoot() && limit > 0.2)
    }

    @Test("orthogonal: QᵀQ = I for tall kernels, QQᵀ = I for wide ones, times the gain", arguments: [[64, 16], [3, 3, 4, 8], [5, 12]])
    func orthogonal(shape: [Int]) {
        let gain: Float = 2
        let q = Initializer.orthogonal(gain: gain).make(shape, generator: RandomGenerator(seed: 5))
        let cols = shape.last!, rows = q.count / cols
        let matrix = q.reshaped(to: [rows, cols])
        let gram = rows >= cols ? matrix.transposed().matmul(matrix) : matrix.matmul(matrix.transposed())
        let size = min(rows, cols)
        expectClose(gram.scalars, Tensor.identity(size).scalars.map { $0 * gain * gain }, relative: 1e-4, absolute: 1e-4)
    }

    @Test("orthogonal draws differ between seeds and repeat with the same seed")
    func orthogonalIsSeeded() {
        let a = Initializer.orthogonal(gain: 1).make([8, 8], generator: RandomGenerator(seed: 1))
        let b = Initializer.orthogonal(gain: 1).make([8, 8], generator: RandomGenerator(seed: 1))
        let c = Initializer.orthogonal(gain: 1).make([8, 8], generator: RandomGenerator(seed: 2))
        #expect(a.scalars == b.scalars && a.scalars != c.scalars)
    }

    @Test("command-line names")
    func names() {
        #expect(Initializer(name: "he-uniform") == .heUniform)
        #expect(Initializer(name: "kaiming_normal") == .heNormal)
        #expect(Initializer(name: "xavier-uniform") == .glorotUniform)
        #expect(Initializer(name: "normal") == .normal(mean: 0, standardDeviation: 0.01))
        #expect(Initializer(name: "normal:0.05") == .normal(mean: 0, standardDeviation: 0.05))
        #expect(Initializer(name: "orthogonal:2") == .orthogonal(gain: 2))
        #expect(Initializer(name: "he-uniform:2") == nil)
        #expect(Initializer(name: "normal:-1") == nil)
        #expect(Initializer(name: "bogus") == nil)
        for name in Initializer.names { #expect(Initializer(name: name) != nil, "\(name)") }
    }
}
