import Descent
import Testing

/// Impossible settings throw `DescentError.invalidArgument` naming the argument.
@Suite("Schedule validation")
struct ScheduleValidationTests {
    @Test func rejectsImpossibleSettings() {
        expectInvalidArgument("firstPeriod") { try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 0) }
        expectInvalidArgument("periodMultiplier") { try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 5, periodMultiplier: 0) }
        expectInvalidArgument("minimumLearningRate") { try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 5, minimumLearningRate: 0.2) }
        expectInvalidArgument("peakDecay") { try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 5, peakDecay: 1.5) }
        expectInvalidArgument("minimumLearningRate") { try CosineDecay(initialLearningRate: 0.1, decaySteps: 10, minimumLearningRate: 1) }
        expectInvalidArgument("decaySteps") { try CosineDecay(initialLearningRate: 0.1, decaySteps: 0) }
        expectInvalidArgument("baseLearningRate") { try CyclicalLearningRate(baseLearningRate: 1, maximumLearningRate: 0.1, stepSizeUp: 4) }
        expectInvalidArgument("stepSizeUp") { try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 1, stepSizeUp: 0) }
        expectInvalidArgument("gamma") { try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 1, stepSizeUp: 4, mode: .exponentialRange(gamma: 0)) }
        expectInvalidArgument("stepSize") { try StepDecay(initialLearningRate: 0.1, stepSize: 0) }
        expectInvalidArgument("gamma") { try StepDecay(initialLearningRate: 0.1, stepSize: 2, gamma: 2) }
        expectInvalidArgument("milestones") { try MultiStepDecay(initialLearningRate: 0.1, milestones: [40, 15]) }
        expectInvalidArgument("values") { try PiecewiseConstantDecay(boundaries: [10], values: [0.1]) }
        expectInvalidArgument("k") { try ExponentialDecay(initialLearningRate: 0.1, k: -1) }
        expectInvalidArgument("decayRate") { try ExponentialDecay(initialLearningRate: 0.1, decayRate: 0, decaySteps: 10) }
        expectInvalidArgument("initialLearningRate") { try InverseTimeDecay(initialLearningRate: -0.1, k: 1) }
        expectInvalidArgument("power") { try PolynomialDecay(initialLearningRate: 0.1, totalSteps: 10, power: 0) }
        expectInvalidArgument("totalSteps") { try OneCycle(maximumLearningRate: 0.1, totalSteps: 1) }
        expectInvalidArgument("warmupFraction") { try OneCycle(maximumLearningRate: 0.1, totalSteps: 3, warmupFraction: 0.3) }
        expectInvalidArgument("warmupFraction") { try OneCycle(maximumLearningRate: 0.1, totalSteps: 100, warmupFraction: 0.6, isThreePhase: true) }
        expectInvalidArgument("baseMomentum") { try OneCycle(maximumLearningRate: 0.1, totalSteps: 100, baseMomentum: 0.99) }
        expectInvalidArgument("Warmup steps") { try ConstantSchedule(learningRate: 0.1).withWarmup(steps: 0) }
        expectInvalidArgument("startFactor") { try ConstantSchedule(learningRate: 0.1).withWarmup(steps: 5, startFactor: 2) }
        expectInvalidArgument("boundaries") { try SequentialSchedule([ConstantSchedule(learningRate: 0.1)], boundaries: [5]) }
        expectInvalidArgument("learningRate") { try ConstantSchedule(learningRate: .nan) }
    }

    @Test func messageNamesTheArgumentAndTheRule() throws {
        do {
            _ = try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 0)
            Issue.record("T₀ = 0 was accepted")
        } catch let error as DescentError {
            #expect(error.description == "invalid CosineDecayRestarts firstPeriod (T₀) '0': expected an integer ≥ 1")
        }
    }
}
