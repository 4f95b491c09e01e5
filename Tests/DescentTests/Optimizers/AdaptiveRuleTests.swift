import Foundation
@testable import Descent
import Testing

/// Golden values for AdaGrad, Adadelta and RMSProp: θ₀ = 1, η = 0.1, g = 3, 4, 12
/// (so that Σg² = 9, 25, 169 and √Σg² = 3, 5, 13).
@Suite struct AdaptiveRuleTests {
    @Test func defaultsArePyTorchs() {
        let adagrad = AdaGrad()
        #expect(adagrad.initialAccumulatorValue == 0 && adagrad.lrDecay == 0 && adagrad.epsilon == 1e-10)
        #expect(adagrad.epsilonPlacement == .outsideSquareRoot && AdaGrad.defaultLearningRate == 1e-2)
        #expect(Adadelta().rho == 0.9 && Adadelta().epsilon == 1e-6 && Adadelta.defaultLearningRate == 1)
        let rmsprop = RMSProp()
        #expect(rmsprop.alpha == 0.99 && rmsprop.epsilon == 1e-8 && rmsprop.momentum == 0 && !rmsprop.isCentered)
        #expect(rmsprop.epsilonPlacement == .outsideSquareRoot && RMSProp.defaultLearningRate == 1e-2)
    }

    @Test func adaGradDividesByTheRootOfTheSum() {
        // s = 9, 25, 169:  θ = 1 − 0.1·3/3 = 0.9;  0.9 − 0.1·4/5 = 0.82;  0.82 − 0.1·12/13
        expectClose(scalarTrajectory(AdaGrad(epsilon: 0)), [0.9, 0.82, 0.82 - 1.2 / 13])
    }

    @Test func adaGradLearningRateDecay() {
        // ηₜ = 0.1/(1 + 0.5·(t − 1)) = 0.1, 0.1/1.5, 0.1/2
        let θ2: Float = 0.9 - 0.1 / 1.5 * 4 / 5
        expectClose(scalarTrajectory(AdaGrad(lrDecay: 0.5, epsilon: 0)), [0.9, θ2, θ2 - 0.05 * 12 / 13])
    }

    @Test func adaGradInitialAccumulatorAndEpsilonPlacement() {
        // s₀ = 16: s = 25, 41, 185;  θ = 1 − 0.1·3/5 = 0.94;  − 0.1·4/√41;  − 0.1·12/√185
        let θ2 = 0.94 - 0.4 / Float(41).squareRoot()
        let expected = [0.94, θ2, θ2 - 1.2 / Float(185).squareRoot()]
        expectClose(scalarTrajectory(AdaGrad(initialAccumulatorValue: 16, epsilon: 0)), expected)
        // Keras' ε inside the root, ε = 16 from s₀ = 0: g/√(s + 16), the same numbers.
        expectClose(scalarTrajectory(AdaGrad(epsilon: 16, epsilonPlacement: .insideSquareRoot)), expected)
        // PyTorch's ε outside, ε = 1: g/(√s + 1) = 3/4, 4/6, 12/14
        expectClose(scalarTrajectory(AdaGrad(epsilon: 1)), [0.925, 0.925 - 0.4 / 6, 0.925 - 0.4 / 6 - 1.2 / 14])
    }

    @Test func adadeltaRestoresUnitsFromPastSteps() {
        // ρ = 0.5, ε = 0.5, η = 1
        // v = 4.5;     Δ = √(0 + 0.5)/√(4.5 + 0.5)·3 = 3·√0.1;     u = 0.5·0.9 = 0.45
        // v = 10.25;   Δ = √0.95/√10.75·4;                       u = 0.225 + 0.5·Δ²
        // v = 77.125;  Δ = √(u + 0.5)/√77.625·12
        let Δ1 = 3 * Float(0.1).squareRoot()
        let Δ2 = Float(0.95).squareRoot() / Float(10.75).squareRoot() * 4
        let u2 = 0.225 + 0.5 * Δ2 * Δ2
        let Δ3 = (u2 + 0.5).squareRoot() / Float(77.625).squareRoot() * 12
        expectClose(scalarTrajectory(Adadelta(rho: 0.5, epsilon: 0.5), learningRate: 1), [1 - Δ1, 1 - Δ1 - Δ2, 1 - Δ1 - Δ2 - Δ3])
    }

    @Test func rmsPropDividesByTheRootOfTheAverage() {
        // α = 0.5, ε = 0:  v = 4.5, 10.25, 77.125;  d = 3/√4.5, 4/√10.25, 12/√77.125
        let d = [3 / Float(4.5).squareRoot(), 4 / Float(10.25).squareRoot(), 12 / Float(77.125).squareRoot()]
        expectClose(scalarTrajectory(RMSProp(alpha: 0.5, epsilon: 0)), [1 - 0.1 * d[0], 1 - 0.1 * (d[0] + d[1]), 1 - 0.1 * (d[0] + d[1] + d[2])])
        // Momentum 0.9: b = d₁;  0.9·d₁ + d₂;  0.9·(0.9·d₁ + d₂) + d₃
        let b = [d[0], 0.9 * d[0] + d[1], 0.9 * (0.9 * d[0] + d[1]) + d[2]]
        expectClose(scalarTrajectory(RMSProp(alpha: 0.5, epsilon: 0, momentum: 0.9)), [1 - 0.1 * b[0], 1 - 0.1 * (b[0] + b[1]), 1 - 0.1 * (b[0] + b[1] + b[2])])
    }

    @Test func centeredRMSPropSubtractsTheSquaredMean() {
        // ḡ = 1.5, 2.75, 7.375;  v − ḡ² = 4.5 − 2.25 = 2.25,  10.25 − 7.5625 = 2.6875,  77.125 − 54.390625 = 22.734375
        // d = 3/1.5 = 2,  4/√2.6875,  12/√22.734375
        let d = [2, 4 / Float(2.6875).squareRoot(), 12 / Float(22.734375).squareRoot()]
        expectClose(scalarTrajectory(RMSProp(alpha: 0.5, epsilon: 0, isCentered: true)), [0.8, 0.8 - 0.1 * d[1], 0.8 - 0.1 * (d[1] + d[2])])
    }

    @Test func rmsPropEpsilonPlacement() {
        // ε = 1:  PyTorch g/(√v + 1),  Keras g/√(v + 1)
        let outside = [3 / (Float(4.5).squareRoot() + 1), 4 / (Float(10.25).squareRoot() + 1)]
        let inside = [3 / Float(5.5).squareRoot(), 4 / Float(11.25).squareRoot()]
        expectClose(Array(scalarTrajectory(RMSProp(alpha: 0.5, epsilon: 1)).prefix(2)), [1 - 0.1 * outside[0], 1 - 0.1 * (outside[0] + outside[1])])
        expectClose(Array(scalarTrajectory(RMSProp(alpha: 0.5, epsilon: 1, epsilonPlacement: .insideSquareRoot)).prefix(2)),
                    [1 - 0.1 * inside[0], 1 - 0.1 * (inside[0] + inside[1])])
    }

    @Test func adaGradsAccumulatorOnlyGrowsWhileRMSPropsForgets() {
        // After a burst of large gradients, AdaGrad's steps stay small; RMSProp's recover.
        let gradients: [Float] = [10, 10, 10] + Array(repeating: 1, count: 20)
        func lastStep<Rule: UpdateRule>(_ rule: Rule) -> Float {
            let path = scalarTrajectory(rule, gradients: gradients, learningRate: 0.1)
            return path[path.count - 2] - path[path.count - 1]
        }
        #expect(lastStep(AdaGrad()) < 0.1 * 1 / Float(300 + 20).squareRoot() * 1.01)
        #expect(lastStep(RMSProp(alpha: 0.5)) > 0.09)
    }
}
