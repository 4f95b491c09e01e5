import Foundation

/// A learning-rate schedule: a pure function from a step to a learning rate.
///
///     η = schedule(t)      t = 0, 1, 2, …  (the same t always gives the same η)
///
/// A schedule knows nothing about the trainer. `LearningRateScheduler` decides what `t`
/// counts: optimizer updates (per step, like most PyTorch `LRScheduler`s called after each
/// batch and every Keras `LearningRateSchedule`) or epochs (per epoch, like PyTorch's
/// `StepLR` stepped once per epoch). Steps before 0 read as 0.
///
/// Schedules are named value types, not closures, so that they can be logged
/// (`description`), plotted and rebuilt from a configuration. Their initializers check their
/// arguments and throw `DescentError.invalidArgument` for impossible ones.
///
/// ```swift
/// let schedule = try CosineDecay(initialLearningRate: 0.1, decaySteps: 1000)
///     .withWarmup(steps: 100, startFactor: 0.01)
/// schedule(0)     // 0.001
/// schedule(100)   // 0.1
/// ```
public protocol Schedule: Sendable, CustomStringConvertible {
    /// The learning rate at `step`.
    func callAsFunction(_ step: Int) -> Float
}

/// Throws `DescentError.invalidArgument` unless `condition` holds.
///
/// `name` names the schedule and the argument, e.g. `"CosineDecayRestarts firstPeriod"`.
func require(_ condition: Bool, _ name: String, _ value: Any, expected: String) throws {
    guard condition else {
        throw DescentError.invalidArgument(name: name, value: "\(value)", expected: expected)
    }
}

/// Checks that a learning rate is finite and non-negative.
func requireLearningRate(_ value: Float, _ name: String) throws {
    try require(value.isFinite && value >= 0, name, value, expected: "a finite learning rate ≥ 0")
}
