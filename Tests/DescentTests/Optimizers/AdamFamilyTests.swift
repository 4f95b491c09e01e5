import Foundation
@testable import Descent
import Testing

/// Golden values for Adam, AMSGrad, AdamW, AdaMax, Nadam and RAdam: θ₀ = 1, η = 0.1,
/// β₁ = β₂ = 0.5, ε = 0, g = 3, 4, 12 (then 0 where a fourth step shows a difference).
///
/// Shared arithmetic: m = 1.5, 2.75, 7.375, 3.6875 and v = 4.5, 10.25, 77.125, 38.5625;
/// the bias corrections 1 − 0.5ᵗ are 0.5, 0.75, 0.875, 0.9375.
@Suite struct AdamFamilyTests {
    let m: [Float] = [1.5, 2.75, 7.375, 3.6875]
    let v: [Float] = [4.5, 10.25, 77.125, 38.5625]
    let correction: [Float] = [0.5, 0.75, 0.875, 0.9375]

    @Test func defaultsArePyTorchs() {
        let adam = Adam()
        #expect(adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-8 && !adam.isAMSGrad && Adam.defaultLearningRate == 1e-3)
        #expect(AdamW().weightDecay == 1e-2 && AdamW().impliedWeightDecay == .decoupled(1e-2) && AdamW.defaultLearningRate == 1e-3)
        #expect(AdaMax().beta1 == 0.9 && AdaMax().beta2 == 0.999 && AdaMax().epsilon == 1e-8 && AdaMax.defaultLearningRate == 2e-3)
        let nadam = Nadam()
        #expect(nadam.beta1 == 0.9 && nadam.beta2 == 0.999 && nadam.epsilon == 1e-8 && nadam.momentumDecay == 4e-3 && Nadam.defaultLearningRate == 2e-3)
        #expect(RAdam().beta1 == 0.9 && RAdam().beta2 == 0.999 && RAdam().epsilon == 1e-8 && RAdam.defaultLearningRate == 1e-3)
        #expect(Lion().beta1 == 0.9 && Lion().beta2 == 0.99 && Lion.defaultLearningRate == 1e-4)
    }

    /// The Adam step η·m̂/√v̂ at step t (1-based).
    func adamStep(_ t: Int, v second: Float? = nil) -> Float {
        0.1 * (m[t - 1] / correction[t - 1]) / ((second ?? v[t - 1]) / correction[t - 1]).squareRoot()
    }

    @Test func adamCorrectsTheBiasOfBothMoments() {
        // t = 1: m̂ = 1.5/0.5 = 3, v̂ = 4.5/0.5 = 9  ⇒  θ = 1 − 0.1·3/3 = 0.9
        let rule = Adam(beta1: 0.5, beta2: 0.5, epsilon: 0)
        var θ: Float = 1
        let expected = (1...4).map { t in θ -= adamStep(t); return θ }
        #expect(abs(expected[0] - 0.9) < 1e-6)
        expectClose(scalarTrajectory(rule, gradients: goldenGradients + [0]), expected)
    }

    @Test func amsGradKeepsTheLargestSecondMoment() {
        // Steps 1–3 as Adam (v grows). Step 4 (g = 0): v = 38.5625 falls, vₘₐₓ stays 77.125.
        let θ3 = 1 - adamStep(1) - adamStep(2) - adamStep(3)
        let path = scalarTrajectory(Adam(beta1: 0.5, beta2: 0.5, epsilon: 0, isAMSGrad: true), gradients: goldenGradients + [0])
        expectClose(path, [1 - adamStep(1), 1 - adamStep(1) - adamStep(2), θ3, θ3 - adamStep(4, v: 77.125)])
    }

    @Test func adamWDecaysEveryWeightByTheSameFactor() {
        // λ = 0.5: θ ← 0.95·θ, then the Adam step (which does not depend on θ here):
        //   0.95·1 − 0.1 = 0.85;  0.95·0.85 − adamStep(2);  …
        let path = scalarTrajectory(AdamW(beta1: 0.5, beta2: 0.5, epsilon: 0, weightDecay: 0.5))
        let θ2 = 0.95 * 0.85 - adamStep(2)
        expectClose(path, [0.85, θ2, 0.95 * θ2 - adamStep(3)])
    }

    @Test func coupledDecayOnAdamIsNormalizedAway() {
        // g + 0.5·θ = 3.5 at t = 1: m̂ = 3.5, v̂ = 12.25 ⇒ θ = 1 − 0.1·3.5/3.5 = 0.9 (the decay vanished)
        // t = 2: g = 4 + 0.45 = 4.45, m = 0.875 + 2.225 = 3.1, v = 3.0625 + 9.90125 = 12.96375
        let θ2 = 0.9 - 0.1 * (3.1 / 0.75) / (12.96375 / 0.75 as Float).squareRoot()
        let path = scalarTrajectory(Adam(beta1: 0.5, beta2: 0.5, epsilon: 0), weightDecay: .coupled(0.5))
        expectClose(Array(path.prefix(2)), [0.9, θ2])
    }

    @Test func adaMaxDividesByTheDecayingMaximum() {
        // u = max(0.5·u, |g|) = 3, 4, 12, then max(6, 0) = 6
        // θ −= 0.1/(1 − 0.5ᵗ)·m/u:  0.1/0.5·1.5/3 = 0.1;  0.1/0.75·2.75/4;  0.1/0.875·7.375/12;  0.1/0.9375·3.6875/6
        let steps: [Float] = [0.1, 0.1 / 0.75 * 2.75 / 4, 0.1 / 0.875 * 7.375 / 12, 0.1 / 0.9375 * 3.6875 / 6]
        let expected = (1...4).map { 1 - steps.prefix($0).reduce(0, +) }
        expectClose(scalarTrajectory(AdaMax(beta1: 0.5, beta2: 0.5, epsilon: 0), gradients: goldenGradients + [0]), expected)
    }

    @Test func nadamWithAConstantMomentumSchedule() {
        // ψ = 0 ⇒ μₜ = 0.5·(1 − ½) = 0.25 for every t;  Π = 0.25, 0.0625, 0.015625
        // D = √(v/(1 − 0.5ᵗ)) = 3, √(10.25/0.75), √(77.125/0.875)
        // θ −= 0.1·(1 − 0.25)/(1 − Πₜ)·g/D + 0.1·0.25/(1 − Πₜ·0.25)·m/D
        let Π: [Float] = [0.25, 0.0625, 0.015625]
        var θ: Float = 1
        let expected = (0..<3).map { i -> Float in
            let D = (v[i] / correction[i]).squareRoot()
            θ -= 0.1 * 0.75 / (1 - Π[i]) * goldenGradients[i] / D + 0.1 * 0.25 / (1 - Π[i] * 0.25) * m[i] / D
            return θ
        }
        #expect(abs(expected[0] - (1 - 0.1 - 0.1 * 0.25 / 0.9375 * 0.5)) < 1e-6)
        expectClose(scalarTrajectory(Nadam(beta1: 0.5, beta2: 0.5, epsilon: 0, momentumDecay: 0)), expected)
    }

    @Test func nadamMomentumSchedules() {
        // PyTorch: μₜ = 0.9·(1 − ½·0.96^(0.004·t));  Keras (ψ = 1): μₜ = 0.9·(1 − ½·0.96ᵗ)
        #expect(abs(Nadam().momentumCoefficient(step: 1) - 0.9 * (1 - 0.5 * Float(Foundation.pow(0.96, 0.004)))) < 1e-7)
        #expect(abs(Nadam(momentumDecay: 1).momentumCoefficient(step: 1) - 0.9 * 0.52) < 1e-7)
        #expect(abs(Nadam(momentumDecay: 1).momentumCoefficient(step: 2) - 0.9 * (1 - 0.5 * 0.9216)) < 1e-7)
        // Keras' schedule with β = 0.5: μ₁ = 0.5·0.52 = 0.26, μ₂ = 0.5·0.5392 = 0.2696
        let (μ1, μ2): (Float, Float) = (0.26, 0.2696)
        let θ1 = 1 - 0.1 * (1 - μ1) / (1 - μ1) * 3 / 3 - 0.1 * μ2 / (1 - μ1 * μ2) * 1.5 / 3
        #expect(abs(scalarTrajectory(Nadam(beta1: 0.5, beta2: 0.5, epsilon: 0, momentumDecay: 1))[0] - θ1) < 1e-6)
    }

    @Test func rAdamWarmsUpWithMomentumSGD() {
        // β₂ = 0.5 ⇒ ρ∞ = 2/0.5 − 1 = 3 ≤ 5: never rectified;  θ −= 0.1·m̂ = 0.1·3, 0.1·2.75/0.75, 0.1·7.375/0.875
        let steps: [Float] = [0.3, 0.1 * 2.75 / 0.75, 0.1 * 7.375 / 0.875]
        expectClose(scalarTrajectory(RAdam(beta1: 0.5, beta2: 0.5, epsilon: 0)), [1 - steps[0], 1 - steps[0] - steps[1], 1 - steps.reduce(0, +)])
        #expect(RAdam().rectification(step: 5) == nil)
        #expect(RAdam().rectification(step: 6) != nil)
    }

    @Test func rAdamRectifiesOnceTheVarianceIsTractable() throws {
        // β₁ = 0.5, β₂ = 0.75, restored at step 9 with m = 2, v = 4; step 10 with g = 3:
        //   m = 1 + 1.5 = 2.5,  v = 3 + 2.25 = 5.25,  m̂ = 2.5/(1 − 0.5¹⁰)
        //   ρ∞ = 2/0.25 − 1 = 7,  ρ₁₀ = 7 − 20·0.75¹⁰/(1 − 0.75¹⁰) ≈ 5.8065 > 5
        //   r = √((ρ − 4)(ρ − 2)·7/(3·5·ρ)) ≈ 0.74341
        //   θ = 1 − 0.1·m̂·r·√(1 − 0.75¹⁰)/√5.25
        let rule = RAdam(beta1: 0.5, beta2: 0.75, epsilon: 0)
        let p10 = Float(Foundation.pow(0.75, 10.0))
        let ρ = 7 - 20 * p10 / (1 - p10)
        let r = ((ρ - 4) * (ρ - 2) * 7 / (3 * 5 * ρ)).squareRoot()
        #expect(abs(r - 0.743414) < 1e-5)
        let parameter = Parameter(Tensor([1]))
        let optimizer = Optimizer(rule, parameters: [("θ", parameter)], learningRate: 0.1)
        try optimizer.restore(OptimizerCheckpoint(rule: "radam", step: 9, learningRate: 0.1,
                                                  slots: ["θ": ["exp_avg": Tensor([2]), "exp_avg_sq": Tensor([4])]]))
        parameter.gradient = Tensor([3])
        optimizer.update()
        let expected = 1 - 0.1 * 2.5 / (1 - Float(Foundation.pow(0.5, 10.0))) * r * (1 - p10).squareRoot() / Float(5.25).squareRoot()
        expectClose(parameter.value.scalars, [expected])
        #expect(optimizer.step == 10)
    }

    @Test func lionMovesEveryCoordinateByExactlyTheLearningRate() {
        // β₁ = 0.9, β₂ = 0.5; coordinate 2 never gets a gradient and never moves.
        // c = 0.9·0 + 0.1·3 = 0.3 > 0 ⇒ θ = 0.9;             m = 1.5
        // c = 0.9·1.5 + 0.1·(−4) = 0.95 > 0 ⇒ θ = 0.8 (against g!); m = 0.75 − 2 = −1.25
        // c = 0.9·(−1.25) − 0.4 = −1.525 < 0 ⇒ θ = 0.9
        let parameter = Parameter(Tensor([1, 1]))
        let optimizer = Optimizer(Lion(beta1: 0.9, beta2: 0.5), parameters: [("θ", parameter)], learningRate: 0.1)
        var path: [Float] = []
        for g: Float in [3, -4, -4] {
            parameter.gradient = Tensor([g, 0])
            optimizer.update()
            path.append(parameter.value.scalars[0])
            #expect(parameter.value.scalars[1] == 1)
        }
        expectClose(path, [0.9, 0.8, 0.9])
    }
}
