import Descent
import Foundation
import Testing

@Suite("Cosine schedules")
struct CosineScheduleTests {
    @Test func cosineDecayFromMaxToMin() throws {
        // η₀ = 1, T = 10, η_min = 0.1: η = 0.1 + 0.45 · (1 + cos(π t / 10))
        let schedule = try CosineDecay(initialLearningRate: 1, decaySteps: 10, minimumLearningRate: 0.1)
        expectRate(schedule, at: 0, 1)
        expectRate(schedule, at: 2, 0.1 + 0.45 * (1 + cos(Double.pi / 5)))   // 0.91405765
        expectRate(schedule, at: 5, 0.55)                                    // cos(π/2) = 0
        expectRate(schedule, at: 10, 0.1)
        expectRate(schedule, at: 20, 0.1)   // stays at η_min after T
    }

    @Test func warmRestartsWithGrowingCycles() throws {
        // η₀ = 1, T₀ = 10, T_mult = 2, η_min = 0: cycles [0, 10), [10, 30), [30, 70), …
        let schedule = try CosineDecayRestarts(initialLearningRate: 1, firstPeriod: 10, periodMultiplier: 2)
        expectRate(schedule, at: 0, 1)
        expectRate(schedule, at: 5, 0.5)                                  // ½ (1 + cos(π/2))
        expectRate(schedule, at: 9, 0.5 * (1 + cos(0.9 * Double.pi)))     // 0.02447174, just above η_min
        expectRate(schedule, at: 10, 1)                                   // restart
        expectRate(schedule, at: 20, 0.5)                                 // t_cur = 10 of T₁ = 20
        expectRate(schedule, at: 29, 0.5 * (1 + cos(0.95 * Double.pi)))   // 0.00615583: t_cur = 19 of 20
        expectRate(schedule, at: 30, 1)                                   // second restart
        expectRate(schedule, at: 50, 0.5)                                 // t_cur = 20 of T₂ = 40
        expectRate(schedule, at: 70, 1)
        #expect(schedule.restarts(before: 150) == [10, 30, 70])
        #expect(schedule.cycle(at: 29) == (index: 1, stepInCycle: 19, length: 20))
    }

    @Test func warmRestartsWithFixedCycles() throws {
        // T_mult = 1: every cycle lasts T₀ = 10
        let schedule = try CosineDecayRestarts(initialLearningRate: 1, firstPeriod: 10)
        expectRate(schedule, at: 25, 0.5)   // cycle 2, t_cur = 5
        expectRate(schedule, at: 30, 1)
        #expect(schedule.restarts(before: 35) == [10, 20, 30])
    }

    @Test func warmRestartsShrinkingThePeak() throws {
        // m = 0.5, η_min = 0.1: peaks 1, 0.5, 0.25, 0.125
        let schedule = try CosineDecayRestarts(initialLearningRate: 1, firstPeriod: 10, periodMultiplier: 2,
                                               minimumLearningRate: 0.1, peakDecay: 0.5)
        expectRate(schedule, at: 0, 1)
        expectRate(schedule, at: 10, 0.5)
        expectRate(schedule, at: 20, 0.1 + 0.5 * (0.5 - 0.1))   // 0.3, mid-cycle 1
        expectRate(schedule, at: 30, 0.25)
        expectRate(schedule, at: 70, 0.125)
        // the peak never falls below η_min: at cycle 4, 0.0625 < 0.1
        expectRate(schedule, at: 150, 0.1)
    }
}
