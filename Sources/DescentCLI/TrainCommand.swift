import ArgumentParser
import Descent
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model and write a run folder (experiment.yaml, history.csv, checkpoints/, model/, report.html).",
        discussion: """
            With no options, trains an MLP (64,64, ReLU) with Adam on 1,500 points of the
            3-arm spiral data, split 70/15/15, and reports the test accuracy. Flags and
            experiment files describe the same experiment: every run folder keeps it as
            experiment.yaml, and can be resumed (--resume), extended (--resume with a larger
            --epochs) or replayed (descent train RUN/experiment.yaml --output OTHER). Flags
            given beside a file or --resume override its keys; --print-config shows the result.

            Examples:
              descent train
              descent train --dataset moons --hidden 16,16 --epochs 40 --output runs/moons
              descent train --dataset sine --lr 0.01 --quiet
              descent train --data iris.csv --label species --epochs 50
              descent train --images train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --model cnn --lr 0.001 --epochs 5
              descent train --lr 0.02 --schedule cosine --warmup-steps 100
              descent train examples/regularized-moons.yaml       # an experiment file (YAML or JSON)
              descent train examples/regularized-moons.yaml --epochs 5 --output runs/short
              descent train --resume runs/regularized-moons       # continue from the latest checkpoint
              descent train --resume runs/regularized-moons --epochs 300   # extend a finished run
              descent train --print-config --dropout 0.3 > experiment.yaml
            """)

    @OptionGroup var setup: TrainingSetupOptions
    @Option(parsing: .unconditional, help: "Learning rate (> 0; default 0.01).")
    var lr: Float?
    @Option(parsing: .unconditional, help: "Number of epochs (default 100); with --resume, more than the run had extends it.")
    var epochs: Int?
    @Option(help: "Run folder (default: runs/<dataset>-<timestamp>).")
    var output: String?
    @Flag(help: "Print nothing but the final result lines.")
    var quiet = false
    @OptionGroup(title: "Data files and model") var files: DataOptions
    @OptionGroup(title: "Regularization, normalization, initialization") var regularization: RegularizationOptions
    @OptionGroup(title: "Learning-rate schedule") var scheduling: TrainScheduleOptions
    @OptionGroup(title: "Experiment files, checkpoints and resuming") var experiment: ExperimentOptions
    @OptionGroup(title: "Diagnostics") var diagnostics: DiagnosticsOptions

    func run() throws {
        try reportingFailures {
            var run = try experimentRun()
            if experiment.printConfig {
                print(try run.config.resolvedNode().yamlText, terminator: "")
                return
            }
            run.verbosity = quiet ? .silent : .auto
            run.communicator = try MPICommunicator.fromEnvironment()   // under mpirun -np N: data parallelism
            let isRoot = run.communicator?.isRoot ?? true
            let result: ExperimentResult
            do {
                result = try run.run()
            } catch let DescentError.config(file, keyPath, _, problem) where file == ConfigNode.commandLine && keyPath.hasPrefix("model") {
                throw CommandFailure("the model of --hidden \(setup.hidden ?? "64,64")\(files.model == "cnn" ? " and --filters \(files.filters ?? "32,64")" : ""): \(keyPath): \(problem)")
            }
            guard isRoot else {   // rank 0 prints and writes; the others end with its status
                if result.isFailure { throw ExitCode(1) }
                return
            }
            print(result.summary)
            if let reason = result.stopReason, result.isFailure {   // exit 1: the run failed, its folder says why
                FileHandle.standardError.write(Data("error: the run failed: \(reason)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    /// The run these arguments ask for: the flags' experiment, an experiment file with the
    /// flags given beside it, or a run folder to resume with the flags that may change it.
    func experimentRun() throws -> ExperimentRun {
        if experiment.config != nil && experiment.resume != nil { throw CommandFailure("give a config file or --resume RUN_FOLDER, not both") }
        if let folder = experiment.resume {
            if experiment.overwrite { throw CommandFailure("--overwrite replaces a run; --resume continues one: choose one") }
            var run = try ExperimentRun.resuming(URL(fileURLWithPath: folder))
            run.config = try resumedExperiment(run.config)
            return run
        }
        if let file = experiment.config {
            let node = try ConfigNode.read(contentsOf: URL(fileURLWithPath: file))
            var run = ExperimentRun(try Experiment(node: try overriding(node), file: file))
            run.isOverwriting = experiment.overwrite
            return run
        }
        var run = ExperimentRun(try Experiment(node: try flagNode(), file: ConfigNode.commandLine))
        run.isOverwriting = experiment.overwrite
        return run
    }
}
