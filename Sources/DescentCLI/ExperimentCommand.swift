import ArgumentParser

/// `descent experiment …`: small, seeded demonstrations of claims a course makes.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run a demonstration: initialization in deep nets, overfitting, optimizers across seeds and budgets, bias and variance, transfer learning.",
        discussion: """
            Examples:
              descent experiment init-depth --svg runs/init-depth
              descent experiment overfitting --output runs/overfitting
              descent experiment optimizers --problems digits,quadratic --budget 10 --seeds 3 --output runs/study
              descent experiment bias-variance --output runs/bv
              descent experiment transfer --weights mobilenet_v2-b0353104.pth --output runs/transfer
            """,
        subcommands: [InitDepthExperiment.self, OverfittingExperiment.self, OptimizerStudyExperiment.self, OptimizerTrialCommand.self,
                      BiasVarianceExperiment.self, TransferExperiment.self])
}
