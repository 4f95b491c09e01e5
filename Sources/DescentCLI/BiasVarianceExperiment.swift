import ArgumentParser
import Descent
import Foundation

/// `descent experiment bias-variance`: the flags of a `BiasVarianceStudy`, its CSV files and charts.
struct BiasVarianceExperiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bias-variance",
        abstract: "Measure bias², variance and noise of polynomial fits to a noisy sine, by capacity and by training-set size.",
        discussion: """
            Fits polynomials of degree 0 … --max-degree by (minimum-norm) least squares to
            --sets independent training sets of --samples points of y = sin(πx) + σ·noise, and
            measures at --test-points test points the squared bias, the variance, the noise and
            the expected test MSE (bias² + variance + noise adds up to it). Writes
            OUTPUT/bias-variance.csv (capacity,bias_squared,variance,noise,expected_test_mse,
            train_mse,test_mse), learning-curve.csv (a small and a large model over training-set
            sizes) and bias-variance.svg, train-test.svg, learning-curve.svg. The test error is
            U-shaped in the degree, and peaks again at the interpolation threshold
            (degree = samples − 1) before the second descent.

            Examples:
              descent experiment bias-variance --output runs/bv
              descent experiment bias-variance --samples 30 --noise 0.5 --max-degree 50
            """)

    @Option(help: "Largest polynomial degree.")
    var maxDegree = 30
    @Option(help: "Samples per training set.")
    var samples = 20
    @Option(help: "Independent training sets.")
    var sets = 50
    @Option(help: "Test points, evenly spaced in [-1, 1].")
    var testPoints = 500
    @Option(help: "σ of the label noise.")
    var noise = 0.3
    @Option(help: "Degrees of the small and the large model of the learning curve.")
    var curveDegrees = "3,15"
    @Option(help: "Seed of the training sets and test noise.")
    var seed: UInt64 = 0
    @Option(help: "Folder for the CSV files and charts.")
    var output = "runs/bias-variance"

    func run() throws {
        try reportingFailures {
            guard maxDegree >= 0 else { throw CommandFailure("--max-degree \(maxDegree) must be at least 0") }
            let curveDegrees = try parseIntegerList(curveDegrees, flag: "--curve-degrees")
            let study = try BiasVarianceStudy(degrees: Array(0...maxDegree), samples: samples, trainingSets: sets, testPoints: testPoints,
                                              noise: noise, seed: seed)
            let points = study.run()
            let sizes = [5, 10, 15, 20, 30, 50, 100, 200, 500]
            let curves = curveDegrees.map { degree in (name: "degree \(degree)", points: study.learningCurve(degree: degree, sizes: sizes)) }
            let folder = URL(fileURLWithPath: output)
            try AtomicFile.prepareFolder(folder)
            try AtomicFile.write(study.csvText(points), to: folder.appendingPathComponent("bias-variance.csv"))
            try AtomicFile.write(study.learningCurveCSV(curves), to: folder.appendingPathComponent("learning-curve.csv"))
            for chart in study.charts(points, curves: curves) { try AtomicFile.write(chart.svg, to: folder.appendingPathComponent(chart.fileName)) }
            print("degree   bias²       variance    noise       sum         E[test MSE] train MSE")
            for p in points {
                print(String(format: "%6d   %-10.4g  %-10.4g  %-10.4g  %-10.4g  %-10.4g  %-10.4g", p.degree, p.biasSquared, p.variance, p.noise, p.sum, p.expectedTestMSE, p.trainMSE))
            }
            print("Files: \(output)/bias-variance.csv, learning-curve.csv, bias-variance.svg, train-test.svg, learning-curve.svg")
        }
    }
}
