import Descent
import Foundation
import Testing

@Suite("Schedule composition")
struct CompositionTests {
    @Test func linearWarmupInFrontOfCosine() throws {
        // warm-up k = 4 from f₀ = 0.1 to base(0) = 1, then cosine over T = 10 from its step 0
        let schedule = try CosineDecay(initialLearningRate: 1, decaySteps: 10).withWarmup(steps: 4, startFactor: 0.1)
        expectRate(schedule, at: 0, 0.1)
        expectRate(schedule, at: 2, 0.1 + 0.9 * 0.5)     // 0.55
        expectRate(schedule, at: 3, 0.1 + 0.9 * 0.75)    // 0.775
        expectRate(schedule, at: 4, 1)                   // base(0)
        expectRate(schedule, at: 9, 0.5)                 // base(5)
        expectRate(schedule, at: 14, 0, relative: 0)     // base(10)
    }

    @Test func cosineWarmup() throws {
        // w(x) = ½ (1 − cos π x), x = 1/4
        let schedule = try ConstantSchedule(learningRate: 1).withWarmup(steps: 4, startFactor: 0.1, shape: .cosine)
        expectRate(schedule, at: 1, 0.1 + 0.9 * 0.5 * (1 - cos(Double.pi / 4)))   // 0.23180195
        expectRate(schedule, at: 2, 0.55)
        expectRate(schedule, at: 4, 1)
    }

    @Test func sequentialRunsEachScheduleFromItsOwnStepZero() throws {
        let schedule = try SequentialSchedule(
            [ConstantSchedule(learningRate: 0.01), StepDecay(initialLearningRate: 0.1, stepSize: 2, gamma: 0.5),
             ConstantSchedule(learningRate: 0.001)],
            boundaries: [3, 10])
        expectRate(schedule, at: 0, 0.01)
        expectRate(schedule, at: 2, 0.01)
        expectRate(schedule, at: 3, 0.1)      // step decay at its step 0
        expectRate(schedule, at: 5, 0.05)     // its step 2
        expectRate(schedule, at: 7, 0.025)    // its step 4
        expectRate(schedule, at: 10, 0.001)
    }

    @Test func warmupInsideASequence() throws {
        let warm = try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 1, stepSizeUp: 4).withWarmup(steps: 2)
        let schedule = try SequentialSchedule([warm, ConstantSchedule(learningRate: 0.2)], boundaries: [6])
        expectRate(schedule, at: 0, 0, relative: 0)   // f₀ = 0
        expectRate(schedule, at: 1, 0.05)             // ½ · base(0) = ½ · 0.1
        expectRate(schedule, at: 4, 0.55)             // cyclic at its step 2
        expectRate(schedule, at: 6, 0.2)
        #expect(schedule.description.contains("warmup(steps=2"))
    }
}
