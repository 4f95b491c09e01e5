/// The path an optimizer takes on a `TestFunction`: one point per step, step 0 being the start.
///
/// ```swift
/// let path = Trajectory(on: .quadratic, from: [1.5, 1.5], steps: 10) { parameters in
///     Optimizer(AdaGrad(), parameters: parameters, learningRate: 0.4)
/// }
/// path.points.last   // step 10
/// ```
///
/// The point (x, y) is one Float parameter of shape [2] at path `"xy"`; each step sets its
/// gradient to ∇f rounded to Float and calls `update()` once, so a run is exactly reproducible.
public struct Trajectory {
    /// One step of the path.
    public struct Point: Equatable {
        public var step: Int
        public var x: Float
        public var y: Float
        /// f(x, y), rounded to Float.
        public var value: Float
        /// The learning rate the optimizer held after this step (before step 1 for step 0).
        public var learningRate: Float
        /// ‖accumulator‖₂ after this step (see `accumulatorSlots`); nil at step 0 (the state is
        /// made at the first update) and for rules without one.
        public var accumulatorNorm: Float?
    }

    /// The state slots that hold a rule's running second-moment accumulator: AdaGrad's sum,
    /// RMSProp's and Adadelta's average of g², Adam's and Nadam's v, AdaMax's u.
    public static let accumulatorSlots = ["sum", "square_avg", "exp_avg_sq", "exp_inf"]

    public let function: TestFunction
    public private(set) var points: [Point] = []

    /// Runs `steps` updates of the optimizer that `makeOptimizer` builds over the point.
    public init(on function: TestFunction, from start: [Float], steps: Int,
                optimizer makeOptimizer: ([(path: String, parameter: Parameter)]) throws -> any OptimizerProtocol) rethrows {
        precondition(start.count == 2, "Trajectory: a start needs 2 coordinates, got \(start.count)")
        precondition(steps >= 0, "Trajectory: steps must be ≥ 0, got \(steps)")
        self.function = function
        let point = Parameter(Tensor(start))
        let optimizer = try makeOptimizer([(path: "xy", parameter: point)])
        record(point, optimizer, step: 0)
        for step in 0..<steps {
            let (x, y) = (Double(point.value.scalars[0]), Double(point.value.scalars[1]))
            let gradient = function.gradient(x: x, y: y)
            point.gradient = Tensor([Float(gradient.x), Float(gradient.y)])
            optimizer.update()
            optimizer.zeroGradients()
            record(point, optimizer, step: step + 1)
        }
    }

    private mutating func record(_ point: Parameter, _ optimizer: any OptimizerProtocol, step: Int) {
        let (x, y) = (point.value.scalars[0], point.value.scalars[1])
        let slots = optimizer.checkpoint().slots["xy"] ?? [:]
        let accumulator = Trajectory.accumulatorSlots.lazy.compactMap { slots[$0] }.first
        points.append(Point(step: step, x: x, y: y, value: Float(function.value(x: Double(x), y: Double(y))),
                            learningRate: optimizer.learningRate, accumulatorNorm: accumulator?.euclideanNorm))
    }
}
