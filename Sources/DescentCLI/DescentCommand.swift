import ArgumentParser
import Descent
import Foundation

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
        version: "descent \(descentVersion)",
        subcommands: [TrainCommand.self, LaunchCommand.self, BenchCommand.self, ExperimentCommand.self, OptimizeCommand.self, DataCommand.self,
                      ScheduleCommand.self, LRFindCommand.self, SummaryCommand.self, EvaluateCommand.self, PredictCommand.self,
                      CheckCommand.self, PlotCommand.self, ZooCommand.self],
        defaultSubcommand: nil)

    /// Parses and runs the command line. A usage error (an unknown flag, a value that is not a
    /// number) ends like every other bad input: one line on stderr, naming the flag and where
    /// the help is, and exit code 2; `--help` and errors inside a command end as usual.
    static func main() {
        setvbuf(stdout, nil, _IOLBF, 0)   // a line at a time, also into a file or a pipe (a log survives Ctrl-C)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let problem = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            let helpCommand = fullMessage(for: error).firstMatch(of: #/See '([^']+)'/#).map { String($0.1) } ?? "descent --help"
            // under mpirun every rank parses the same arguments: rank 0 alone says what is wrong
            if isRankZero {
                FileHandle.standardError.write(Data("error: \(problem); see '\(helpCommand)'\n".utf8))
            }
            Foundation.exit(2)
        }
    }
}
