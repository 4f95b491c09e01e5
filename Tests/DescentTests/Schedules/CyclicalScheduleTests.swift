import Descent
import Foundation
import Testing

@Suite("Cyclical and one-cycle schedules")
struct CyclicalScheduleTests {
    @Test func triangularCycle() throws {
        // η_base = 0.1, η_max = 1, s_up = s_down = 4: a triangle of period 8
        let schedule = try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 1, stepSizeUp: 4)
        expectRate(schedule, at: 0, 0.1)
        expectRate(schedule, at: 2, 0.55)    // half-way up: 0.1 + 0.9 · ½
        expectRate(schedule, at: 4, 1)       // peak
        expectRate(schedule, at: 6, 0.55)
        expectRate(schedule, at: 8, 0.1)     // back at the base
        expectRate(schedule, at: 12, 1)      // second peak, same height
    }

    @Test func triangular2HalvesEachCycle() throws {
        let schedule = try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 1, stepSizeUp: 4, mode: .triangular2)
        expectRate(schedule, at: 4, 1)                 // cycle 1: scale 1
        expectRate(schedule, at: 12, 0.1 + 0.9 / 2)    // cycle 2 peak: 0.55
        expectRate(schedule, at: 20, 0.1 + 0.9 / 4)    // cycle 3 peak: 0.325
    }

    @Test func exponentialRangeScalesByGammaToTheStep() throws {
        let schedule = try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 1, stepSizeUp: 4,
                                                mode: .exponentialRange(gamma: 0.9))
        expectRate(schedule, at: 2, 0.1 + 0.9 * 0.5 * 0.81)     // 0.4645: h = ½, γ² = 0.81
        expectRate(schedule, at: 4, 0.1 + 0.9 * 0.6561)         // 0.69049: γ⁴
    }

    @Test func asymmetricCycle() throws {
        // s_up = 2, s_down = 6: r = 2/8 = 0.25
        let schedule = try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 1, stepSizeUp: 2, stepSizeDown: 6)
        expectRate(schedule, at: 2, 1)                  // x = 0.25 = r: the peak
        expectRate(schedule, at: 5, 0.55)               // x = 0.625: h = (0.625 − 1)/(0.25 − 1) = 0.5
        expectRate(schedule, at: 8, 0.1)
    }

    @Test func oneCycleCosine() throws {
        // η_max = 1, T = 100: η_start = 1/25 = 0.04, η_end = 0.04/10⁴ = 4e-6; the peak at step 0.3·100 − 1 = 29
        let schedule = try OneCycle(maximumLearningRate: 1, totalSteps: 100)
        expectRate(schedule, at: 0, 0.04)
        expectRate(schedule, at: 29, 1)
        expectRate(schedule, at: 64, 4e-6 + 0.5 * (1 - 4e-6))   // mid-way through phase 2 (29 … 99)
        expectRate(schedule, at: 99, 4e-6)
        expectRate(schedule, at: 150, 4e-6)                     // stays at the end
        // the inverse momentum cycle: 0.95 → 0.85 → 0.95
        let momentum = schedule.momentum
        expectRate(momentum, at: 0, 0.95)
        expectRate(momentum, at: 29, 0.85)
        expectRate(momentum, at: 64, 0.90)
        expectRate(momentum, at: 99, 0.95)
    }

    @Test func oneCycleLinear() throws {
        let schedule = try OneCycle(maximumLearningRate: 1, totalSteps: 100, annealing: .linear)
        expectRate(schedule, at: 10, 0.04 + 0.96 * 10 / 29)      // 0.37103448
        expectRate(schedule, at: 64, 1 + (4e-6 - 1) * 0.5)       // 0.500002
        expectRate(schedule.momentum, at: 10, 0.95 - 0.1 * 10 / 29)
    }

    @Test func oneCycleThreePhases() throws {
        // peaks at 29, back to η_start at 58, then η_start → η_end over 58 … 99
        let schedule = try OneCycle(maximumLearningRate: 1, totalSteps: 100, annealing: .linear, isThreePhase: true)
        expectRate(schedule, at: 29, 1)
        expectRate(schedule, at: 58, 0.04)
        expectRate(schedule, at: 99, 4e-6)
    }
}
