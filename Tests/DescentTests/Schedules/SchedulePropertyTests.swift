import Descent
import Foundation
import Testing

/// Contracts every schedule keeps: pure, finite, within its bounds, with a description.
@Suite("Schedule properties")
struct SchedulePropertyTests {
    /// Each schedule with the largest and smallest value it may take.
    static let cases: [(schedule: any Schedule, low: Float, high: Float)] = {
        let make: [() throws -> (any Schedule, Float, Float)] = [
            { (try ConstantSchedule(learningRate: 0.1), 0.1, 0.1) },
            { (try PiecewiseConstantDecay(boundaries: [100, 200], values: [0.1, 0.3, 0.01]), 0.01, 0.3) },
            { (try StepDecay(initialLearningRate: 0.1, stepSize: 30), 0, 0.1) },
            { (try MultiStepDecay(initialLearningRate: 0.1, milestones: [15, 40]), 0, 0.1) },
            { (try ExponentialDecay(initialLearningRate: 0.1, k: 0.01), 0, 0.1) },
            { (try ExponentialDecay(initialLearningRate: 0.1, decayRate: 0.96, decaySteps: 10, isStaircase: true), 0, 0.1) },
            { (try InverseTimeDecay(initialLearningRate: 0.1, k: 0.05), 0, 0.1) },
            { (try PolynomialDecay(initialLearningRate: 0.1, totalSteps: 300, power: 0.5, endLearningRate: 1e-3), 1e-3, 0.1) },
            { (try CosineDecay(initialLearningRate: 0.1, decaySteps: 300, minimumLearningRate: 1e-3), 1e-3, 0.1) },
            { (try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 10, periodMultiplier: 2, minimumLearningRate: 1e-3, peakDecay: 0.8), 1e-3, 0.1) },
            { (try CyclicalLearningRate(baseLearningRate: 1e-3, maximumLearningRate: 0.1, stepSizeUp: 25, mode: .triangular2), 1e-3, 0.1) },
            { (try CyclicalLearningRate(baseLearningRate: 1e-3, maximumLearningRate: 0.1, stepSizeUp: 25, mode: .exponentialRange(gamma: 0.999)), 1e-3, 0.1) },
            { (try OneCycle(maximumLearningRate: 0.1, totalSteps: 400), 0, 0.1) },
            { (try OneCycle(maximumLearningRate: 0.1, totalSteps: 400).momentum, 0.85, 0.95) },
            { (try CosineDecay(initialLearningRate: 0.1, decaySteps: 300).withWarmup(steps: 50, startFactor: 0.01, shape: .cosine), 0, 0.1) },
            { (try SequentialSchedule([ConstantSchedule(learningRate: 0.01), CosineDecay(initialLearningRate: 0.1, decaySteps: 100)], boundaries: [50]), 0, 0.1) },
        ]
        return make.map { let (s, l, h) = try! $0(); return (s, l, h) }
    }()

    @Test(arguments: cases.indices)
    func pureFiniteAndBounded(_ index: Int) {
        let (schedule, low, high) = Self.cases[index]
        for t in 0..<500 {
            let value = schedule(t)
            #expect(value.isFinite, "\(schedule) at \(t): \(value)")
            #expect(value >= low * (1 - 1e-6) && value <= high * (1 + 1e-6), "\(schedule) at \(t): \(value) outside [\(low), \(high)]")
            #expect(schedule(t) == value, "\(schedule) is not pure at \(t)")
        }
        #expect(schedule(-5) == schedule(0), "steps before 0 read as 0")
        #expect(!schedule.description.isEmpty)
    }

    @Test func monotoneDecaysNeverIncrease() throws {
        let decays: [any Schedule] = [
            try StepDecay(initialLearningRate: 0.1, stepSize: 7, gamma: 0.5),
            try ExponentialDecay(initialLearningRate: 0.1, k: 0.01),
            try InverseTimeDecay(initialLearningRate: 0.1, k: 0.05),
            try PolynomialDecay(initialLearningRate: 0.1, totalSteps: 300, power: 2),
            try CosineDecay(initialLearningRate: 0.1, decaySteps: 300),
        ]
        for schedule in decays {
            for t in 1..<400 { #expect(schedule(t) <= schedule(t - 1), "\(schedule) rises at \(t)") }
        }
    }
}
