import ArgumentParser

/// `descent experiment …`: small, seeded demonstrations of claims a course makes.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run a demonstration: initialization in deep nets, overfitting and its remedies.",
        discussion: """
            Examples:
              descent experiment init-depth --svg runs/init-depth
              descent experiment overfitting --output runs/overfitting
            """,
        subcommands: [InitDepthExperiment.self, OverfittingExperiment.self])
}
