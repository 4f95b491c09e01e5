@testable import Descent
import Testing

/// Golden values for SGD and SGDW: θ₀ = 1, η = 0.1, g = 3, 4, 12.
@Suite struct SGDTests {
    @Test func defaultsArePyTorchs() {
        let rule = SGD()
        #expect(rule.momentum == 0 && rule.dampening == 0 && !rule.isNesterov && rule.form == .pytorch)
        #expect(SGD.defaultLearningRate == 1e-3)
        #expect(SGDW().weightDecay == 1e-2 && SGDW().impliedWeightDecay == .decoupled(1e-2))
    }

    @Test func plainStepsAgainstTheGradient() {
        // θ ← θ − η·g:  1 − 0.3 = 0.7,  0.7 − 0.4 = 0.3,  0.3 − 1.2 = −0.9
        expectClose(scalarTrajectory(SGD()), [1 - 0.3, 0.7 - 0.4, 0.3 - 1.2])
    }

    @Test func pytorchMomentumStartsTheBufferAtTheGradient() {
        // b = 3;               θ = 1 − 0.1·3     = 0.7
        // b = 0.9·3 + 4 = 6.7; θ = 0.7 − 0.1·6.7 = 0.03
        // b = 0.9·6.7 + 12 = 18.03; θ = 0.03 − 1.803 = −1.773
        expectClose(scalarTrajectory(SGD(momentum: 0.9)), [0.7, 0.7 - 0.67, 0.03 - 1.803])
    }

    @Test func dampeningScalesTheNewGradientAfterTheFirstStep() {
        // b = 3 (undampened);  θ = 0.7
        // b = 0.9·3 + 0.5·4 = 4.7;        θ = 0.7 − 0.47 = 0.23
        // b = 0.9·4.7 + 0.5·12 = 10.23;   θ = 0.23 − 1.023 = −0.793
        expectClose(scalarTrajectory(SGD(momentum: 0.9, dampening: 0.5)), [0.7, 0.23, 0.23 - 1.023])
    }

    @Test func nesterovLooksAhead() {
        // b = 3,     d = 3 + 0.9·3 = 5.7;          θ = 1 − 0.57 = 0.43
        // b = 6.7,   d = 4 + 0.9·6.7 = 10.03;      θ = 0.43 − 1.003 = −0.573
        // b = 18.03, d = 12 + 0.9·18.03 = 28.227;  θ = −0.573 − 2.8227 = −3.3957
        expectClose(scalarTrajectory(SGD(momentum: 0.9, isNesterov: true)), [0.43, -0.573, -3.3957])
    }

    @Test func exponentialAverageFormTakesSmallerSteps() {
        // v = 0.9·0 + 0.1·3 = 0.3;        θ = 1 − 0.03 = 0.97
        // v = 0.9·0.3 + 0.1·4 = 0.67;     θ = 0.97 − 0.067 = 0.903
        // v = 0.9·0.67 + 0.1·12 = 1.803;  θ = 0.903 − 0.1803 = 0.7227
        expectClose(scalarTrajectory(SGD(momentum: 0.9, form: .exponentialAverage)), [0.97, 0.903, 0.7227])
    }

    @Test func kerasFormMatchesPyTorchWhileTheLearningRateIsConstant() {
        // v = −0.3;  θ = 0.7.   v = 0.9·(−0.3) − 0.4 = −0.67;  θ = 0.03.   v = −0.603 − 1.2 = −1.803;  θ = −1.773
        expectClose(scalarTrajectory(SGD(momentum: 0.9, form: .keras)), [0.7, 0.03, -1.773])
        // Nesterov: θ ← θ + μ·v − η·g:  1 − 0.27 − 0.3 = 0.43;  0.43 − 0.603 − 0.4 = −0.573;  −0.573 − 1.6227 − 1.2
        expectClose(scalarTrajectory(SGD(momentum: 0.9, isNesterov: true, form: .keras)), [0.43, -0.573, -0.573 - 1.6227 - 1.2])
    }

    @Test func kerasFormKeepsTheOldLearningRateInTheVelocity() {
        // η = 0.1, 0.1, then 0.2 (a schedule changed it).
        // PyTorch: b = 18.03 whatever η was;   θ = 0.03 − 0.2·18.03 = −3.576
        // Keras:   v = 0.9·(−0.67) − 0.2·12 = −3.003;  θ = 0.03 − 3.003 = −2.973
        let rates: [Float] = [0.1, 0.1, 0.2]
        expectClose(scalarTrajectory(SGD(momentum: 0.9), learningRates: rates), [0.7, 0.03, 0.03 - 0.2 * 18.03])
        expectClose(scalarTrajectory(SGD(momentum: 0.9, form: .keras), learningRates: rates), [0.7, 0.03, -2.973])
    }

    @Test func sgdwDecaysOutsideTheMomentumBuffer() {
        // SGDW, λ = 0.5: θ ← (1 − 0.05)·θ, then the momentum step of `pytorchMomentum…` (b = 3, 6.7, 18.03)
        //   θ = 0.95·1 − 0.3 = 0.65;  0.95·0.65 − 0.67 = −0.0525;  0.95·(−0.0525) − 1.803 = −1.852875
        expectClose(scalarTrajectory(SGDW(momentum: 0.9, weightDecay: 0.5)), [0.65, -0.0525, -1.852875])
        // Coupled L2 on SGD: g + 0.5·θ enters the buffer:
        //   g = 3 + 0.5 = 3.5, b = 3.5, θ = 0.65;  g = 4 + 0.325 = 4.325, b = 3.15 + 4.325 = 7.475, θ = 0.65 − 0.7475
        let coupled = scalarTrajectory(SGD(momentum: 0.9), weightDecay: .coupled(0.5))
        expectClose(Array(coupled.prefix(2)), [0.65, 0.65 - 0.7475])
    }

    @Test func withoutMomentumDecoupledAndCoupledDecayAgree() {
        // (1 − ηλ)·θ − η·g  =  θ − η·(g + λθ):  0.65, 0.2175, −0.993375
        let decoupled = scalarTrajectory(SGDW(weightDecay: 0.5))
        let coupled = scalarTrajectory(SGD(), weightDecay: .coupled(0.5))
        expectClose(decoupled, [0.65, 0.2175, -0.993375])
        expectClose(coupled, decoupled)
    }
}
