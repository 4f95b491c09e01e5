/// A two-dimensional test function with its analytic gradient, for watching optimizers move.
///
///     quadratic         f = x² + 3y²                                  minimum (0, 0)
///     rosenbrock        f = (1 − x)² + 100·(y − x²)²                  minimum (1, 1), a curved valley
///     beale             f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²   minimum (3, 0.5)
///     himmelblau        f = (x² + y − 11)² + (x + y² − 7)²            four minima, e.g. (3, 2)
///     saddle            f = x² − y²                                   a saddle at (0, 0), unbounded below
///     ill-conditioned   f = x² + 100y²                                minimum (0, 0), condition number 100
///
/// Values and gradients are computed in Double; `Trajectory` rounds the gradient to Float, the
/// precision of the parameters.
public struct TestFunction: Sendable {
    /// The name used on the command line, e.g. `"ill-conditioned"`.
    public let name: String
    /// The formula, for titles.
    public let formula: String
    /// Where `descent optimize` starts when no start is given.
    public let defaultStart: [Float]
    /// The region a contour plot shows.
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    private let valueAt: @Sendable (Double, Double) -> Double
    private let gradientAt: @Sendable (Double, Double) -> (Double, Double)

    init(_ name: String, _ formula: String, start: [Float], x: ClosedRange<Double>, y: ClosedRange<Double>,
         value: @escaping @Sendable (Double, Double) -> Double, gradient: @escaping @Sendable (Double, Double) -> (Double, Double)) {
        self.name = name
        self.formula = formula
        defaultStart = start
        xRange = x
        yRange = y
        valueAt = value
        gradientAt = gradient
    }

    /// f(x, y).
    public func value(x: Double, y: Double) -> Double { valueAt(x, y) }
    /// ∇f(x, y) = (∂f/∂x, ∂f/∂y).
    public func gradient(x: Double, y: Double) -> (x: Double, y: Double) {
        let (gx, gy) = gradientAt(x, y)
        return (gx, gy)
    }

    public static let quadratic = TestFunction(
        "quadratic", "x² + 3y²", start: [1.5, 1.5], x: -2...2, y: -2...2,
        value: { x, y in x * x + 3 * y * y }, gradient: { x, y in (2 * x, 6 * y) })

    public static let rosenbrock = TestFunction(
        "rosenbrock", "(1 − x)² + 100(y − x²)²", start: [-1.5, 2], x: -2...2, y: -1...3,
        value: { x, y in (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) },
        gradient: { x, y in (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)) })

    public static let beale = TestFunction(
        "beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", start: [1, 1.5], x: -4.5...4.5, y: -4.5...4.5,
        value: { x, y in
            let (a, b, c) = (1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y)
            return a * a + b * b + c * c
        },
        gradient: { x, y in
            let (a, b, c) = (1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y)
            let dx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1)
            let dy = 2 * a * x + 2 * b * (2 * x * y) + 2 * c * (3 * x * y * y)
            return (dx, dy)
        })

    public static let himmelblau = TestFunction(
        "himmelblau", "(x² + y − 11)² + (x + y² − 7)²", start: [0, 0], x: -5...5, y: -5...5,
        value: { x, y in
            let (a, b) = (x * x + y - 11, x + y * y - 7)
            return a * a + b * b
        },
        gradient: { x, y in
            let (a, b) = (x * x + y - 11, x + y * y - 7)
            return (4 * x * a + 2 * b, 2 * a + 4 * y * b)
        })

    public static let saddle = TestFunction(
        "saddle", "x² − y²", start: [1.5, 0.01], x: -2...2, y: -2...2,
        value: { x, y in x * x - y * y }, gradient: { x, y in (2 * x, -2 * y) })

    public static let illConditioned = TestFunction(
        "ill-conditioned", "x² + 100y²", start: [1.5, 0.5], x: -2...2, y: -1...1,
        value: { x, y in x * x + 100 * y * y }, gradient: { x, y in (2 * x, 200 * y) })

    /// Every test function, in the order of the documentation.
    public static let all: [TestFunction] = [.quadratic, .rosenbrock, .beale, .himmelblau, .saddle, .illConditioned]

    /// The function called `name`, or nil.
    public static func named(_ name: String) -> TestFunction? { all.first { $0.name == name } }
}
