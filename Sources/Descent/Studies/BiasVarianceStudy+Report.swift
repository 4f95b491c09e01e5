import DescentPlot
import Foundation

extension BiasVarianceStudy {
    /// The header of `csvText`.
    public static let csvHeader = "capacity,bias_squared,variance,noise,expected_test_mse,train_mse,test_mse"
    /// The header of `learningCurveCSV`.
    public static let learningCurveHeader = "model,degree,samples,train_mse,expected_test_mse"

    /// `csvHeader`, then one row per capacity (the polynomial degree).
    public func csvText(_ points: [Point]) -> String {
        ([Self.csvHeader] + points.map { p in
            "\(p.degree),\(p.biasSquared),\(p.variance),\(p.noise),\(p.expectedTestMSE),\(p.trainMSE),\(p.testMSE)"
        }).joined(separator: "\n") + "\n"
    }

    /// `learningCurveHeader`, then one row per model and training-set size.
    public func learningCurveCSV(_ curves: [(name: String, points: [Point])]) -> String {
        ([Self.learningCurveHeader] + curves.flatMap { curve in
            curve.points.map { "\(curve.name),\($0.degree),\($0.samples),\($0.trainMSE),\($0.expectedTestMSE)" }
        }).joined(separator: "\n") + "\n"
    }

    /// The charts by file name: the decomposition, train against test error, the learning curves.
    public func charts(_ points: [Point], curves: [(name: String, points: [Point])]) -> [(fileName: String, svg: String)] {
        func line(_ name: String, _ value: (Point) -> Double) -> Series { Series(name: name, points: points.map { (Double($0.degree), value($0)) }) }
        var decomposition = LineChart(title: "Bias² + variance + noise against the measured test MSE (\(samples) samples, \(trainingSets) sets)",
                                      xLabel: "polynomial degree", yLabel: "mean squared error",
                                      series: [line("bias²", \.biasSquared), line("variance", \.variance), line("noise", \.noise),
                                               line("bias² + variance + noise", \.sum), line("measured E[test MSE]", \.expectedTestMSE)])
        decomposition.logY = true
        decomposition.markers = [Marker(x: Double(samples - 1), label: "interpolation threshold")]
        var errors = LineChart(title: "Training and test error by capacity", xLabel: "polynomial degree", yLabel: "mean squared error",
                               series: [line("train MSE (mean over sets)", \.trainMSE), line("E[test MSE]", \.expectedTestMSE),
                                        line("test MSE (one training set)", \.testMSE)])
        errors.logY = true
        errors.markers = decomposition.markers
        let curveSeries = curves.flatMap { curve in
            [Series(name: "\(curve.name): train", points: curve.points.map { (Double($0.samples), $0.trainMSE) }),
             Series(name: "\(curve.name): test", points: curve.points.map { (Double($0.samples), $0.expectedTestMSE) })]
        }
        var learning = LineChart(title: "Learning curves over training-set size", xLabel: "training samples", yLabel: "mean squared error", series: curveSeries)
        (learning.logX, learning.logY) = (true, true)
        return [("bias-variance.svg", decomposition.svg()), ("train-test.svg", errors.svg()), ("learning-curve.svg", learning.svg())]
    }
}
