import ArgumentParser
import Descent
import Foundation

/// `descent experiment optimizers`: the flags of an `OptimizerStudy`, its trials run as
/// separate processes, and its table.
struct OptimizerStudyExperiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimizers",
        abstract: "Compare update rules across problems, schedules, tuning budgets and seeds (Schmidt et al., 2021).",
        discussion: """
            For every problem, optimizer and schedule (constant, cosine): the rule's defaults
            trained with --seeds seeds (budget 0, one-shot), and for each budget B a random
            search of B draws (learning rate log-uniform over four decades around the default,
            the rule's own settings over the ranges in its doc comment, ε for the Adam family)
            whose best draw by final validation score is trained with every seed. Each trial is
            a separate process (--jobs at a time) that writes one JSON file,
            OUTPUT/<problem>/<optimizer>/<hyperparameters>/random_seed__<s>__<time>.json
            (DeepOBS keys), so a stopped study resumes where it stopped. OUTPUT also gets
            study.yaml, results.csv, report.html and SVG charts.

            Problems: quadratic (noisy least squares), digits (MLP on 8×8 digits), mnist (MLP on
            28×28 digits), cnn (two conv layers on 28×28 digits); the digits are synthetic,
            made from a seed. --problem-file adds your own experiment file (its data, model,
            loss, epochs and batch size).

            Examples:
              descent experiment optimizers --problems digits,quadratic --budget 10 --seeds 3 --jobs 2 --output runs/study
              descent experiment optimizers --problems digits --optimizers adam,sgd,rmsprop --budget 0
              descent experiment optimizers --problem-file my.yaml --budget 25 --range adam.epsilon=1e-10:100:log
            """)

    @Option(help: ArgumentHelp("Built-in problems, comma-separated (default: all, or none with --problem-file).", valueName: "list"))
    var problems: String?
    @Option(help: ArgumentHelp("An experiment file (YAML or JSON) to add as a problem, named after the file; repeatable.", valueName: "file"))
    var problemFile: [String] = []
    @Option(help: ArgumentHelp("Update rules, comma-separated (default: all eleven).", valueName: "list"))
    var optimizers = RuleRegistry.names.joined(separator: ",")
    @Option(help: ArgumentHelp("Schedules, comma-separated: constant, cosine.", valueName: "list"))
    var schedules = "constant,cosine"
    @Option(help: ArgumentHelp("Tuning budgets (random-search draws), comma-separated; 0 is the one-shot study, which is always included.", valueName: "list"))
    var budget = "0,10,25,50"
    @Option(help: "Seeds each chosen setting is trained with.")
    var seeds = 10
    @Option(help: "Trials run at the same time, each a process of its own with one thread.")
    var jobs = 2
    @Option(help: ArgumentHelp("Replace a search range: RULE.KEY=LOW:HIGH[:log|:linear]; repeatable.", valueName: "range"))
    var range: [String] = []
    @Option(help: "Seed of the random search's draws.")
    var searchSeed: UInt64 = 0
    @Option(help: "The study folder (created, or resumed when it holds the same study).")
    var output = "runs/optimizer-study"

    func run() throws {
        try reportingFailures {
            let budgets = try budget.split(separator: ",", omittingEmptySubsequences: false).map { text in
                guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                    throw CommandFailure("--budget '\(budget)' must be a comma-separated list of integers ≥ 0, e.g. 0,10,25")
                }
                return value
            }
            guard jobs >= 1 else { throw CommandFailure("--jobs \(jobs) must be at least 1") }
            let names = (problems ?? (problemFile.isEmpty ? StudyProblem.builtInNames.joined(separator: ",") : "")).split(separator: ",").map(String.init)
            let chosen = try names.map(StudyProblem.builtIn) + problemFile.map { try StudyProblem(contentsOf: URL(fileURLWithPath: $0)) }
            let space = try SearchSpace(overrides: try range.map(SearchRange.parse))
            let study = try OptimizerStudy(problems: chosen, rules: list(optimizers), schedules: list(schedules), budgets: budgets, seeds: seeds,
                                           searchSpace: space, searchSeed: searchSeed, output: URL(fileURLWithPath: output))
            let started = Date()
            let results = try study.run(runner: ProcessTrialRunner(jobs: jobs)) { print($0) }
            print(results.summaryTable + "\n")
            for sentence in results.separationSentences { print(sentence) }
            print(String(format: "Finished in %.0f s. Study folder: %@ (results.csv, report.html)", Date().timeIntervalSince(started), output))
        }
    }

    func list(_ text: String) -> [String] { text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
}

/// `descent experiment optimizers-trial SPEC --study FOLDER`: one trial of a study, run by
/// `ProcessTrialRunner` in a process of its own (hidden from the help).
struct OptimizerTrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "optimizers-trial", abstract: "Run one trial of an optimizer study.",
                                                    shouldDisplay: false)

    @Argument(help: "The trial's spec file (written by `descent experiment optimizers`).")
    var spec: String
    @Option(help: "The study folder.")
    var study: String

    func run() throws {
        try reportingFailures {
            let url = URL(fileURLWithPath: spec)
            try StudyTrial(spec: try ConfigNode.read(contentsOf: url), file: url.path).run(in: URL(fileURLWithPath: study))
        }
    }
}
