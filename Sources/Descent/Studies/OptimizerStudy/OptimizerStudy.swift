import Foundation

/// The optimizer benchmark of Schmidt, Schneider & Hennig (2021), "Descending through a
/// Crowded Valley", at the size of one machine: problems × update rules × schedules ×
/// tuning budgets × seeds, every trial an `ExperimentRun`.
///
/// For each problem, rule and schedule (`constant` or `cosine`):
///
///     budget 0 (one-shot):  the rule's defaults, trained with seeds 0 … S−1
///     budget B > 0:         draws 0 … B−1 of `SearchSpace` with seed 0; the draw with the best
///                           final validation score (accuracy, or loss for regression) is
///                           trained again with seeds 1 … S−1
///
/// Budgets share their draws (budget 25's first 10 draws are budget 10's), and a trial is
/// one file, so nothing runs twice. A study folder holds `study.yaml` (what `description`
/// gives: a different study is refused), the trial records (`StudyTrial`), `results.csv`
/// and the report; a study that was stopped resumes where it stopped.
///
///     let study = try OptimizerStudy(problems: [.builtIn("digits")], rules: ["adam", "sgd"],
///                                    budgets: [0, 10], seeds: 3, output: URL(fileURLWithPath: "runs/study"))
///     let results = try study.run()
///     print(results.summaryTable)
public struct OptimizerStudy {
    public var problems: [StudyProblem]
    /// `RuleRegistry` names.
    public var rules: [String]
    /// `StudyTrial.schedules` names.
    public var schedules: [String]
    /// Tuning budgets, ascending, 0 (one-shot) first.
    public var budgets: [Int]
    /// S: the seeds each chosen setting is trained with.
    public var seeds: Int
    public var searchSpace: SearchSpace
    /// The seed of the random search's draws.
    public var searchSeed: UInt64
    public var output: URL

    /// Throws `DescentError.invalidArgument` for no or repeated problems, an unknown rule or
    /// schedule, a budget below 0 or seeds below 1. Budget 0 is always part of the study (the
    /// report compares the tuned optimizers with it).
    public init(problems: [StudyProblem], rules: [String] = RuleRegistry.names, schedules: [String] = StudyTrial.schedules,
                budgets: [Int] = [0, 10, 25, 50], seeds: Int = 10, searchSpace: SearchSpace = SearchSpace(), searchSeed: UInt64 = 0,
                output: URL) throws {
        let names = problems.map(\.name)
        guard !names.isEmpty, Set(names).count == names.count else {
            throw DescentError.invalidArgument(name: "problems", value: names.joined(separator: ","), expected: "at least one problem, each named once")
        }
        for (values, name, known) in [(rules, "optimizer", RuleRegistry.names), (schedules, "schedule", StudyTrial.schedules)] {
            if values.isEmpty { throw DescentError.invalidArgument(name: name + "s", value: "", expected: "at least one of \(known.joined(separator: ", "))") }
            if let unknown = values.first(where: { !known.contains($0) }) {
                throw DescentError.invalidArgument(name: name, value: unknown, expected: "one of \(known.joined(separator: ", "))")
            }
        }
        if let bad = budgets.first(where: { $0 < 0 }) {
            throw DescentError.invalidArgument(name: "budget", value: "\(bad)", expected: "an integer ≥ 0 (0 is the one-shot study)")
        }
        guard seeds >= 1 else { throw DescentError.invalidArgument(name: "seeds", value: "\(seeds)", expected: "an integer ≥ 1") }
        (self.problems, self.rules, self.schedules, self.seeds) = (problems, Self.unique(rules), Self.unique(schedules), seeds)
        self.budgets = Array(Set(budgets + [0])).sorted()
        (self.searchSpace, self.searchSeed, self.output) = (searchSpace, searchSeed, output)
    }

    static func unique(_ values: [String]) -> [String] { values.enumerated().filter { !values[..<$0.offset].contains($0.element) }.map(\.element) }

    /// The name of the file that says which study a folder holds.
    public static let descriptionFile = "study.yaml"

    /// Everything that decides the study's trials: what `study.yaml` holds.
    public var description: ConfigNode {
        let problemNodes = problems.map { ConfigNode.object([("name", $0.name.configNode), ("file", $0.file.configNode), ("config", $0.config)]) }
        let space = rules.map { rule in (rule, ConfigNode(.array(searchSpace.ranges(for: rule).map { $0.description.configNode }))) }
        return .object([("problems", ConfigNode(.array(problemNodes))), ("optimizers", rules.configNode), ("schedules", schedules.configNode),
                        ("budgets", budgets.configNode), ("seeds", seeds.configNode), ("search_seed", searchSeed.configNode),
                        ("search_space", .object(space))])
    }

    /// Creates the study folder, or checks that it holds this study; throws
    /// `DescentError.file` (nothing written) when it holds another study or other files.
    /// Removes what a killed study left: the scratch run folders and partial writes.
    public func prepareFolder() throws {
        let fileManager = FileManager.default, descriptionURL = output.appendingPathComponent(Self.descriptionFile)
        let text = description.yamlText
        if fileManager.fileExists(atPath: descriptionURL.path) {
            let existing = try ConfigNode.read(contentsOf: descriptionURL)
            let (now, then) = (try ConfigNode.parse(text, file: "study").leaves(), existing.leaves())
            let changed = Set(Set(now.keys).union(then.keys).filter { now[$0] != then[$0] }.map { String($0.prefix { $0 != "." && $0 != "[" }) })
            if !changed.isEmpty {
                throw DescentError.file(path: output.path, problem: "holds a different study (its \(Self.descriptionFile) differs in \(changed.sorted().joined(separator: ", "))); choose another --output, or repeat that study's settings to resume it")
            }
        } else if let names = try? fileManager.contentsOfDirectory(atPath: output.path), !names.isEmpty {
            throw DescentError.file(path: output.path, problem: "holds files but no \(Self.descriptionFile), so it is not an optimizer study; choose another --output")
        }
        try AtomicFile.prepareFolder(output)
        try? fileManager.removeItem(at: output.appendingPathComponent(".scratch"))
        if let walker = fileManager.enumerator(atPath: output.path) {
            let folders = walker.compactMap { $0 as? String }.filter { !$0.hasPrefix(".") }.map(output.appendingPathComponent)
            for folder in [output] + folders where (try? folder.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                AtomicFile.removeLeftovers(in: folder)
            }
        }
        try AtomicFile.write(text, to: descriptionURL)
    }

    /// The one-shot trial of `rule` (its defaults) with `seed`.
    func defaultTrial(_ problem: StudyProblem, _ rule: String, _ schedule: String, seed: Int) throws -> StudyTrial {
        try StudyTrial(problem: problem, rule: rule, settings: [], schedule: schedule, seed: seed)
    }

    /// Draw `index` of the random search for `rule`, with seed 0.
    func searchTrial(_ problem: StudyProblem, _ rule: String, _ schedule: String, draw index: Int) throws -> StudyTrial {
        let settings = searchSpace.draw(rule: rule, index: index, seed: searchSeed)
        return try StudyTrial(problem: problem, rule: rule, settings: settings, schedule: schedule, seed: 0)
    }

    /// Runs what is missing (in two rounds: the one-shot trials and the draws, then the
    /// chosen settings' other seeds), then writes `results.csv`, `report.html` and its charts.
    /// `progress` hears one line per round.
    @discardableResult
    public func run(runner: any TrialRunner = InProcessTrialRunner(), progress: (String) -> Void = { _ in }) throws -> OptimizerStudyResults {
        try prepareFolder()
        let largest = budgets.last ?? 0
        var firstRound: [StudyTrial] = []
        for problem in problems {
            for rule in rules {
                for schedule in schedules {
                    firstRound += try (0..<seeds).map { try defaultTrial(problem, rule, schedule, seed: $0) }
                    firstRound += try (0..<largest).map { try searchTrial(problem, rule, schedule, draw: $0) }
                }
            }
        }
        try runPending(firstRound, runner: runner, round: "one-shot trials and search draws", progress: progress)
        var secondRound: [StudyTrial] = []
        for problem in problems {
            for rule in rules {
                for schedule in schedules {
                    for budget in budgets where budget > 0 {
                        let best = try bestDraw(problem, rule, schedule, budget: budget)
                        secondRound += (1..<Swift.max(seeds, 1)).map { StudyTrial(problem: problem, optimizer: best.optimizer, schedule: schedule, seed: $0) }
                    }
                }
            }
        }
        try runPending(secondRound, runner: runner, round: "seeds of the tuned settings", progress: progress)
        let results = try collect()
        try results.write(to: output)
        return results
    }

    /// Runs the trials of `trials` that have no record yet (each once).
    func runPending(_ trials: [StudyTrial], runner: any TrialRunner, round: String, progress: (String) -> Void) throws {
        var seen = Set<String>(), pending: [StudyTrial] = []
        for trial in trials where seen.insert("\(trial.folder)#\(trial.seed)").inserted && trial.finishedRecord(in: output) == nil {
            pending.append(trial)
        }
        progress("\(round): \(pending.count) to run, \(seen.count - pending.count) already finished")
        try runner.run(pending, in: output)
        if let missing = pending.first(where: { $0.finishedRecord(in: output) == nil }) {
            throw DescentError.file(path: output.appendingPathComponent(missing.folder).path, problem: "the trial with seed \(missing.seed) wrote no record")
        }
    }

    /// The draw among the first `budget` whose final validation score is best (the first of
    /// equals; a diverged draw is worst); the test split is never looked at.
    func bestDraw(_ problem: StudyProblem, _ rule: String, _ schedule: String, budget: Int) throws -> StudyTrial {
        var best: (trial: StudyTrial, score: Double)?
        for index in 0..<budget {
            let trial = try searchTrial(problem, rule, schedule, draw: index)
            let record = try TrialRecord.read(try finished(trial))
            let score = record.finalValidation.map { record.isScoredByAccuracy ? $0 : -$0 } ?? -.infinity
            if best == nil || score > best!.score { best = (trial, score) }
        }
        return best!.trial
    }

    func finished(_ trial: StudyTrial) throws -> URL {
        guard let url = trial.finishedRecord(in: output) else {
            throw DescentError.file(path: output.appendingPathComponent(trial.folder).path, problem: "has no record for seed \(trial.seed)")
        }
        return url
    }
}
