@testable import Descent
import Testing

@Suite struct TestFunctionTests {
    @Test(arguments: TestFunction.all.map(\.name))
    func analyticGradientMatchesCentralDifferences(_ name: String) throws {
        let function = try #require(TestFunction.named(name))
        let h = 1e-6
        for (x, y) in [(0.3, -0.7), (-1.2, 1.1), (1.7, 0.4), (-0.5, -1.5)] {
            let analytic = function.gradient(x: x, y: y)
            let numeric = ((function.value(x: x + h, y: y) - function.value(x: x - h, y: y)) / (2 * h),
                           (function.value(x: x, y: y + h) - function.value(x: x, y: y - h)) / (2 * h))
            for (a, n) in [(analytic.x, numeric.0), (analytic.y, numeric.1)] {
                let error = abs(a - n) / max(abs(a), abs(n), 1e-12)
                #expect(error < 1e-6, "\(name) at (\(x), \(y)): analytic \(a), numeric \(n)")
            }
        }
    }

    @Test func knownMinimaAndTheSaddleHaveZeroGradient() {
        let points: [(TestFunction, Double, Double)] = [
            (.quadratic, 0, 0), (.rosenbrock, 1, 1), (.beale, 3, 0.5), (.himmelblau, 3, 2), (.saddle, 0, 0), (.illConditioned, 0, 0),
        ]
        for (function, x, y) in points {
            let g = function.gradient(x: x, y: y)
            #expect(abs(g.x) < 1e-12 && abs(g.y) < 1e-12, "\(function.name) at (\(x), \(y)): \(g)")
            #expect(function.name == "saddle" || abs(function.value(x: x, y: y)) < 1e-12)
        }
        #expect(TestFunction.all.map(\.name) == ["quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "ill-conditioned"])
    }

    @Test func trajectoryStartsAtStepZeroAndRecordsEveryStep() {
        // AdaGrad, η = 0.4 on x² + 3y² from (1.5, 1.5): g = (3, 9), s = (9, 81)
        //   step 1: (1.5 − 0.4·3/3, 1.5 − 0.4·9/9) = (1.1, 1.1), f = 1.21 + 3·1.21 = 4.84, ‖s‖ = √(81 + 6561)
        let path = Trajectory(on: .quadratic, from: [1.5, 1.5], steps: 10) { Optimizer(AdaGrad(), parameters: $0, learningRate: 0.4) }
        #expect(path.points.count == 11)
        #expect(path.points[0] == Trajectory.Point(step: 0, x: 1.5, y: 1.5, value: 9, learningRate: 0.4, accumulatorNorm: nil))
        expectClose([path.points[1].x, path.points[1].y, path.points[1].value], [1.1, 1.1, 4.84])
        expectClose([path.points[1].accumulatorNorm ?? 0], [Float(6642).squareRoot()])
        #expect(path.points.map(\.step) == Array(0...10))
        #expect(path.points.last!.value < 0.2)
    }

    @Test func rulesWithoutAnAccumulatorRecordNone() {
        let path = Trajectory(on: .saddle, from: [1, 0.01], steps: 3) { Optimizer(SGD(), parameters: $0, learningRate: 0.1) }
        #expect(path.points.allSatisfy { $0.accumulatorNorm == nil })
        // The saddle: x shrinks by 1 − 0.2, y grows by 1 + 0.2 each step.
        expectClose([path.points[3].x, path.points[3].y], [0.8 * 0.8 * 0.8, 0.01 * 1.2 * 1.2 * 1.2])
    }
}
