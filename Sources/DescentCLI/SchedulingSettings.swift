import Descent

/// How `descent train` moves the learning rate: a schedule, or reduce-on-plateau, or neither.
/// Part of the run's config.json.
struct SchedulingSettings: Codable, Equatable {
    var schedule: ScheduleSpec?
    /// What the schedule's t counts: "step" (optimizer updates) or "epoch".
    var unit = ScheduleGranularity.step.rawValue
    var plateau: PlateauSpec?

    /// The callbacks for a run of `epochs` epochs of `stepsPerEpoch` updates from `learningRate`.
    /// The schedule's default length (cosine's T, one-cycle's total) is the whole run.
    func callbacks(learningRate: Float, epochs: Int, stepsPerEpoch: Int) throws -> [any Callback] {
        var result: [any Callback] = []
        if let schedule {
            guard let granularity = ScheduleGranularity(rawValue: unit) else {
                throw CommandFailure("unknown --schedule-unit '\(unit)'; choose step or epoch")
            }
            let horizon = granularity == .step ? epochs * stepsPerEpoch : epochs
            try schedule.rejectForeignFlags()
            result.append(LearningRateScheduler(try schedule.makeSchedule(learningRate: learningRate, horizon: horizon), granularity: granularity))
        }
        if let plateau { result.append(try plateau.makeCallback()) }
        return result
    }
}

extension TrainingSettings {
    /// The learning-rate callbacks of this run, for a training split of `trainingSamples`.
    func schedulingCallbacks(trainingSamples: Int) throws -> [any Callback] {
        let stepsPerEpoch = (trainingSamples + batchSize - 1) / batchSize
        return try scheduling?.callbacks(learningRate: learningRate, epochs: epochs, stepsPerEpoch: stepsPerEpoch) ?? []
    }
}
