import Descent
import Foundation
import Testing

/// Golden values of the step-indexed decays, computed by hand from each doc formula.
@Suite("Decay schedules")
struct DecayScheduleTests {
    @Test func constantIsConstant() throws {
        let schedule = try ConstantSchedule(learningRate: 0.03)
        for t in [0, 1, 1000] { expectRate(schedule, at: t, 0.03) }
        #expect(schedule.description == "constant(lr=0.03)")
    }

    @Test func piecewiseConstantSwitchesAtEachBoundary() throws {
        let schedule = try PiecewiseConstantDecay(boundaries: [10, 20], values: [0.1, 0.05, 0.01])
        expectRate(schedule, at: 0, 0.1)
        expectRate(schedule, at: 9, 0.1)     // 9 < 10
        expectRate(schedule, at: 10, 0.05)   // a boundary is the first step of the next value
        expectRate(schedule, at: 19, 0.05)
        expectRate(schedule, at: 20, 0.01)
        expectRate(schedule, at: 500, 0.01)
    }

    @Test func stepDecayMultipliesEveryKSteps() throws {
        // η₀ = 0.1, k = 3, γ = 0.5: η = 0.1 · 0.5^⌊t/3⌋
        let schedule = try StepDecay(initialLearningRate: 0.1, stepSize: 3, gamma: 0.5)
        expectRate(schedule, at: 0, 0.1)
        expectRate(schedule, at: 2, 0.1)       // ⌊2/3⌋ = 0
        expectRate(schedule, at: 3, 0.05)      // ⌊3/3⌋ = 1
        expectRate(schedule, at: 5, 0.05)
        expectRate(schedule, at: 6, 0.025)     // 0.1 · 0.5²
        expectRate(schedule, at: 9, 0.0125)    // 0.1 · 0.5³
        #expect(try StepDecay(initialLearningRate: 1, stepSize: 1).gamma == 0.1)  // PyTorch's default γ
    }

    @Test func halvingHalvesTheLastRate() throws {
        // ηₜ = ηₜ₋₁ / 2 from η₀ = 1
        let schedule = try StepDecay.halving(initialLearningRate: 1)
        expectRate(schedule, at: 0, 1)
        expectRate(schedule, at: 1, 0.5)
        expectRate(schedule, at: 2, 0.25)
        expectRate(schedule, at: 3, 0.125)
        for t in 1..<20 { #expect(schedule(t) == schedule(t - 1) / 2) }
    }

    @Test func multiStepReducesAtEachMilestone() throws {
        // η₀ = 1, milestones 15, 40, γ = 0.1
        let schedule = try MultiStepDecay(initialLearningRate: 1, milestones: [15, 40], gamma: 0.1)
        expectRate(schedule, at: 14, 1)
        expectRate(schedule, at: 15, 0.1)      // one milestone passed
        expectRate(schedule, at: 39, 0.1)
        expectRate(schedule, at: 40, 0.01)     // two: 1 · 0.1²
        expectRate(schedule, at: 100, 0.01)
    }

    @Test func exponentialDecayTextbookForm() throws {
        // η₀ = 0.1, k = 0.5: η = 0.1 · e^(−0.5 t)
        let schedule = try ExponentialDecay(initialLearningRate: 0.1, k: 0.5)
        expectRate(schedule, at: 0, 0.1)
        expectRate(schedule, at: 2, 0.1 * exp(-1.0))   // 0.036787944
        expectRate(schedule, at: 4, 0.1 * exp(-2.0))   // 0.013533528
        expectRate(schedule, at: 2000, 0.1 * exp(-1000.0), relative: 1)  // underflows to 0, stays finite
        #expect(schedule.description == "exponential(lr=0.1, k=0.5)")
    }

    @Test func exponentialDecayKerasFormAndStaircase() throws {
        // η₀ = 0.1, r = 0.5, T = 4: η = 0.1 · 0.5^(t/4)
        let smooth = try ExponentialDecay(initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 4)
        expectRate(smooth, at: 2, 0.1 * 0.5.squareRoot())        // 0.070710678
        expectRate(smooth, at: 4, 0.05)
        expectRate(smooth, at: 6, 0.1 * pow(0.5, 1.5))           // 0.035355339
        // staircase: 0.1 · 0.5^⌊t/4⌋
        let stairs = try ExponentialDecay(initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 4, isStaircase: true)
        expectRate(stairs, at: 2, 0.1)
        expectRate(stairs, at: 6, 0.05)
        expectRate(stairs, at: 8, 0.025)
    }

    @Test func inverseTimeDecay() throws {
        // η₀ = 1, k = 0.5: η = 1 / (1 + 0.5 t)
        let schedule = try InverseTimeDecay(initialLearningRate: 1, k: 0.5)
        expectRate(schedule, at: 0, 1)
        expectRate(schedule, at: 1, 1 / 1.5)   // 0.6667
        expectRate(schedule, at: 2, 0.5)
        expectRate(schedule, at: 6, 0.25)      // 1 / (1 + 3)
        // Keras' form with T = 2 and staircase: 1 / (1 + 0.5·⌊t/2⌋)
        let stairs = try InverseTimeDecay(initialLearningRate: 1, k: 0.5, decaySteps: 2, isStaircase: true)
        expectRate(stairs, at: 1, 1)
        expectRate(stairs, at: 3, 1 / 1.5)
    }

    @Test func polynomialDecayReachesItsEndValue() throws {
        // η₀ = 1, T = 10, p = 2, η_end = 0.1: η = 0.9 · (1 − t/10)² + 0.1
        let schedule = try PolynomialDecay(initialLearningRate: 1, totalSteps: 10, power: 2, endLearningRate: 0.1)
        expectRate(schedule, at: 0, 1)
        expectRate(schedule, at: 5, 0.9 * 0.25 + 0.1)   // 0.325
        expectRate(schedule, at: 8, 0.9 * 0.04 + 0.1)   // 0.136
        expectRate(schedule, at: 10, 0.1)
        expectRate(schedule, at: 15, 0.1)               // constant after T
        // p = 1, η_end = 0 (PyTorch's PolynomialLR): a straight line to 0
        let linear = try PolynomialDecay(initialLearningRate: 1, totalSteps: 4)
        expectRate(linear, at: 1, 0.75)
        expectRate(linear, at: 4, 0, relative: 0)
    }
}
