import Descent

/// How `descent train` moves the learning rate: a schedule, or reduce-on-plateau, or neither.
/// Part of the run's config.json.
struct SchedulingSettings: Codable, Equatable {
    var schedule: ScheduleSpec?
    /// What the schedule's t counts: "step" (optimizer updates) or "epoch".
    var unit = ScheduleGranularity.step.rawValue
    var plateau: PlateauSpec?

    /// The callbacks for a run of `epochs` epochs of `stepsPerEpoch` updates from `learningRate`.
    /// The schedule's default length (cosine's T, one-cycle's total) is the whole run. One-cycle
    /// also cycles the momentum (0.95 → 0.85 → 0.95) when `cyclesMomentum`, as PyTorch's
    /// `OneCycleLR` does by default.
    func callbacks(learningRate: Float, epochs: Int, stepsPerEpoch: Int, cyclesMomentum: Bool) throws -> [any Callback] {
        var result: [any Callback] = []
        if let schedule {
            guard let granularity = ScheduleGranularity(rawValue: unit) else {
                throw CommandFailure("unknown --schedule-unit '\(unit)'; choose step or epoch")
            }
            let horizon = granularity == .step ? epochs * stepsPerEpoch : epochs
            try schedule.rejectForeignFlags()
            let rates = try schedule.makeSchedule(learningRate: learningRate, horizon: horizon)
            result.append(LearningRateScheduler(rates, granularity: granularity))
            if cyclesMomentum, let cycle = rates as? OneCycle {
                result.append(MomentumScheduler(cycle.momentum, granularity: granularity))
            }
        }
        if let plateau { result.append(try plateau.makeCallback()) }
        return result
    }
}

extension TrainingSettings {
    /// The learning-rate callbacks of this run, for a training split of `trainingSamples`. The
    /// momentum cycles with Adam's β₁, or SGD's μ when --momentum is on.
    func schedulingCallbacks(trainingSamples: Int) throws -> [any Callback] {
        let stepsPerEpoch = (trainingSamples + batchSize - 1) / batchSize
        return try scheduling?.callbacks(learningRate: learningRate, epochs: epochs, stepsPerEpoch: stepsPerEpoch,
                                         cyclesMomentum: optimizer == "adam" || (optimizer == "sgd" && momentum > 0)) ?? []
    }
}
