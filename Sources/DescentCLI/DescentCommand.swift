import ArgumentParser

/// The `descent` command line: one subcommand per file.
@main
struct DescentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Train neural networks well, and see why they train or don't.",
        discussion: """
            Examples:
              descent train                       # the built-in default: an MLP on 3-arm spirals
              descent train --dataset moons --hidden 32,32 --epochs 50
              descent bench --workload mlp
            """,
        subcommands: [TrainCommand.self, BenchCommand.self, ExperimentCommand.self, OptimizeCommand.self, DataCommand.self,
                      ScheduleCommand.self, LRFindCommand.self, SummaryCommand.self, EvaluateCommand.self, PredictCommand.self,
                      CheckCommand.self, PlotCommand.self],
        defaultSubcommand: nil)
}
