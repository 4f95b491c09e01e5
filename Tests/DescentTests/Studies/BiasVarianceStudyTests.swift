@testable import Descent
import Foundation
import Testing

@Suite struct BiasVarianceStudyTests {
    /// bias² + variance + noise equals the measured expected test MSE within 2 % at every
    /// capacity: the decomposition adds up, it is not drawn by hand.
    @Test func decompositionAddsUpWithinTwoPercentAtEveryCapacity() throws {
        let study = try BiasVarianceStudy(degrees: Array(0...22), samples: 20, trainingSets: 50, testPoints: 200)
        for point in study.run() {
            let error = abs(point.sum - point.expectedTestMSE) / point.expectedTestMSE
            #expect(error < 0.02, "degree \(point.degree): \(point.sum) vs \(point.expectedTestMSE)")
        }
    }

    /// Noise is measured near σ²; the test error is U-shaped (falls, then rises), the training
    /// error only falls, and more data helps the large model.
    @Test func curvesHaveTheirTextbookShape() throws {
        let study = try BiasVarianceStudy(degrees: Array(0...10), samples: 20, trainingSets: 50, testPoints: 200, noise: 0.3)
        let points = study.run()
        #expect(points.allSatisfy { abs($0.noise - 0.09) < 0.01 })
        let best = points.min { $0.expectedTestMSE < $1.expectedTestMSE }!
        #expect(best.degree > 0 && best.degree < 10)
        #expect(points.first!.expectedTestMSE > best.expectedTestMSE && points.last!.expectedTestMSE > best.expectedTestMSE)
        #expect(points.last!.trainMSE < points.first!.trainMSE)
        let curve = study.learningCurve(degree: 8, sizes: [15, 100])
        #expect(curve[1].expectedTestMSE < curve[0].expectedTestMSE)
        #expect(study.csvText(points).hasPrefix("capacity,bias_squared,variance,noise,expected_test_mse,train_mse,test_mse\n0,"))
    }

    /// Past the interpolation threshold the minimum-norm fit interpolates the training set.
    @Test func minimumNormFitInterpolatesWithFewerSamplesThanFeatures() {
        let x = [[1.0, 0.5, 0.25], [1.0, -0.5, 0.25]], y = [1.0, 2.0]
        let w = BiasVarianceStudy.minimumNormLeastSquares(x, y)
        for (row, target) in zip(x, y) { #expect(abs(BiasVarianceStudy.dot(row, w) - target) < 1e-8) }
        #expect(throws: DescentError.self) { try BiasVarianceStudy(samples: 1) }
    }
}
