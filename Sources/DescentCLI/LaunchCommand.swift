import ArgumentParser
import Descent
import Foundation

/// `descent launch -n N COMMAND …`: `mpirun -np N descent COMMAND …`, for data-parallel
/// training without typing mpirun's flags.
struct LaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Run a descent command on N processes with Open MPI's mpirun (data-parallel training).",
        discussion: """
            Starts `mpirun -np N <this descent> COMMAND …` and returns its exit status. Each
            process is one rank; rank 0 prints and writes the run folder. As root, mpirun needs
            --allow-run-as-root, which launch adds; on a machine with fewer cores than N it adds
            --oversubscribe.

            Examples:
              descent launch -n 2 train --seed 1 --epochs 3 --output runs/dp
              descent launch -n 2 bench --workload mlp
            """)

    @Option(name: .short, help: "The number of processes (ranks).")
    var n: Int
    @Argument(parsing: .captureForPassthrough, help: "The descent command and its arguments.")
    var command: [String] = []

    func run() throws {
        try reportingFailures {
            guard n >= 1 && n <= 1024 else { throw CommandFailure("-n \(n) must be in 1...1024") }
            guard let subcommand = command.first, !subcommand.hasPrefix("-") else {
                throw CommandFailure("give the command to run on \(n) ranks, e.g. descent launch -n \(n) train --epochs 3")
            }
            guard subcommand != "launch" else { throw CommandFailure("launch starts descent commands; it cannot launch itself") }
            let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            guard let mpirun = paths.map({ "\($0)/mpirun" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
                throw CommandFailure("descent launch needs Open MPI's mpirun, which is not installed: apt-get install openmpi-bin libopenmpi3")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: mpirun)
            var flags = ["-np", "\(n)"]
            if getuid() == 0 { flags.append("--allow-run-as-root") }
            if n > ProcessInfo.processInfo.activeProcessorCount { flags.append("--oversubscribe") }
            process.arguments = flags + [Self.executable] + command
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
        }
    }

    /// This executable's path.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
