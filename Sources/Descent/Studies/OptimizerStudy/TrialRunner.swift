import Foundation

/// Runs the pending trials of an `OptimizerStudy`; each trial writes its own record file.
/// The library runs them one after another in this process (`InProcessTrialRunner`);
/// `descent experiment optimizers` runs each in a process of its own, `--jobs` at a time.
public protocol TrialRunner {
    /// Runs every trial into `study`; throws when one could not be run (its record is missing).
    func run(_ trials: [StudyTrial], in study: URL) throws
}

/// Runs trials in this process, in order.
public struct InProcessTrialRunner: TrialRunner {
    public init() {}

    public func run(_ trials: [StudyTrial], in study: URL) throws {
        for trial in trials { try trial.run(in: study) }
    }
}

extension StudyTrial {
    /// The trial as a file a separate process can run (`init(spec:)` reads it back).
    public var spec: ConfigNode {
        .object([("problem", problem.name.configNode), ("problem_file", problem.file.configNode), ("problem_config", problem.config),
                 ("optimizer", optimizer), ("schedule", schedule.configNode), ("seed", seed.configNode)])
    }

    /// The trial a `spec` describes.
    public init(spec: ConfigNode, file: String) throws {
        let object = try ConfigObject(spec, file: file)
        guard let config = object.node("problem_config"), let optimizer = object.node("optimizer") else {
            throw object.error(nil, "is not a trial spec (needs problem_config and optimizer)")
        }
        let problem = try StudyProblem(name: try object.required("problem"), config: config, file: try object.required("problem_file"))
        self.init(problem: problem, optimizer: optimizer, schedule: try object.choice("schedule", default: "constant", from: Self.schedules),
                  seed: try object.required("seed"))
    }
}
