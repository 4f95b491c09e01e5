import Foundation

/// One setting of a study trained with every seed: a problem, a rule with a schedule, the
/// budget that chose the setting (0: the rule's defaults), and its records by seed.
public struct StudyEntry {
    public var problem: String
    public var rule: String
    public var schedule: String
    public var budget: Int
    public var hyperparameters: String
    public var records: [TrialRecord]

    /// `adam/cosine`: how tables and charts name the optimizer.
    public var label: String { "\(rule)/\(schedule)" }
    /// The final test scores of the seeds that did not diverge.
    public var scores: [Double] { records.compactMap(\.finalTest) }
    public var isScoredByAccuracy: Bool { records.first?.isScoredByAccuracy ?? true }
    /// Mean and sample standard deviation (n − 1; 0 for one seed) of `scores`; nil if all diverged.
    public var score: StudyScore? { StudyScore(name: label, values: scores) }
}

/// A mean and a standard deviation over seeds, with the name of what was scored.
public struct StudyScore: Equatable, Sendable {
    public var name: String
    public var mean: Double
    public var standardDeviation: Double
    public var count: Int

    public init(name: String, mean: Double, standardDeviation: Double, count: Int) {
        (self.name, self.mean, self.standardDeviation, self.count) = (name, mean, standardDeviation, count)
    }

    /// nil for no values.
    public init?(name: String, values: [Double]) {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.init(name: name, mean: mean, standardDeviation: values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0, count: values.count)
    }

    /// `0.9612 ± 0.0040`.
    public var text: String { String(format: "%.4f ± %.4f", mean, standardDeviation) }

    /// Whether the best and the second-best optimizer of a problem differ by more than the
    /// seed spread: |mean₁ − mean₂| > max(σ₁, σ₂), said in one sentence.
    public static func separationSentence(problem: String, budget: Int, best: StudyScore, second: StudyScore) -> String {
        let difference = Swift.abs(best.mean - second.mean), spread = Swift.max(best.standardDeviation, second.standardDeviation)
        let budgetText = budget == 0 ? "one-shot" : "budget \(budget)"
        let head = "\(problem) (\(budgetText)): the best, \(best.name) (\(best.text)), and the second, \(second.name) (\(second.text)), differ by \(String(format: "%.4f", difference))"
        if best.count < 2 && second.count < 2 { return head + "; with one seed there is no seed spread to compare it with." }
        return head + (difference > spread
            ? ", more than the seed spread (largest σ \(String(format: "%.4f", spread))): the ranking of the two holds across seeds."
            : ", within the seed spread (largest σ \(String(format: "%.4f", spread))): the two are not told apart.")
    }
}

/// What an `OptimizerStudy` found: its chosen settings trained with every seed
/// (`entries`), one row per trial use (`rows`, `results.csv`), and the report.
public struct OptimizerStudyResults {
    public var problems: [String]
    public var budgets: [Int]
    public var entries: [StudyEntry]
    /// `csvHeader`'s columns, one row per trial and the budget it served (a search draw
    /// serves every budget that includes it).
    public var rows: [[String]]

    public static let csvHeader = "problem,optimizer,schedule,budget,role,draw,seed,hyperparameters,metric,final_validation,final_test,file"

    public var csv: String { ([Self.csvHeader] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n" }

    /// The entries of one problem and budget, best mean test score first (diverged last).
    public func ranked(problem: String, budget: Int) -> [StudyEntry] {
        let chosen = entries.filter { $0.problem == problem && $0.budget == budget }
        let higherIsBetter = chosen.first?.isScoredByAccuracy ?? true
        func key(_ entry: StudyEntry) -> Double { entry.score.map { higherIsBetter ? $0.mean : -$0.mean } ?? -.infinity }
        return chosen.enumerated().sorted { key($0.element) != key($1.element) ? key($0.element) > key($1.element) : $0.offset < $1.offset }.map(\.element)
    }

    /// One sentence per problem on its largest budget's best and second-best optimizer.
    public var separationSentences: [String] {
        problems.compactMap { problem in
            let budget = budgets.last ?? 0
            let top = ranked(problem: problem, budget: budget).compactMap(\.score)
            guard top.count >= 2 else { return nil }
            return StudyScore.separationSentence(problem: problem, budget: budget, best: top[0], second: top[1])
        }
    }

    /// A text table per problem: one row per optimizer, mean ± std of the final test score per budget.
    public var summaryTable: String {
        problems.map { problem in
            let labels = ranked(problem: problem, budget: 0).map(\.label)
            let metric = (entries.first { $0.problem == problem }?.isScoredByAccuracy ?? true) ? "test accuracy" : "test loss"
            var lines = ["\(problem): \(metric), mean ± std over seeds",
                         "optimizer".padding(toLength: 20, withPad: " ", startingAt: 0) + budgets.map { ($0 == 0 ? "one-shot" : "budget \($0)").padding(toLength: 20, withPad: " ", startingAt: 0) }.joined()]
            for label in labels {
                let cells = budgets.map { budget in
                    let entry = entries.first { $0.problem == problem && $0.budget == budget && $0.label == label }
                    let diverged = entry.map { $0.records.count - $0.scores.count } ?? 0
                    return ((entry?.score?.text ?? "diverged") + (diverged > 0 ? " (\(diverged)×NaN)" : "")).padding(toLength: 20, withPad: " ", startingAt: 0)
                }
                lines.append(label.padding(toLength: 20, withPad: " ", startingAt: 0) + cells.joined())
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}

extension OptimizerStudy {
    /// Reads every record the study needs into entries and rows.
    func collect() throws -> OptimizerStudyResults {
        var entries: [StudyEntry] = [], rows: [[String]] = []
        func use(_ trial: StudyTrial, budget: Int, role: String, draw: Int?) throws -> TrialRecord {
            let url = try finished(trial), record = try TrialRecord.read(url)
            let relative = String(url.path.dropFirst(output.path.count + 1))
            let number = { (value: Double?) in value.map { "\($0)" } ?? "" }
            rows.append([trial.problem.name, trial.rule, trial.schedule, "\(budget)", role, draw.map(String.init) ?? "", "\(trial.seed)",
                         trial.hyperparameterString, record.isScoredByAccuracy ? "accuracy" : "loss", number(record.finalValidation),
                         number(record.finalTest), relative])
            return record
        }
        for problem in problems {
            for rule in rules {
                for schedule in schedules {
                    for budget in budgets {
                        var chosen = try defaultTrial(problem, rule, schedule, seed: 0)
                        if budget > 0 {
                            for draw in 0..<budget { _ = try use(try searchTrial(problem, rule, schedule, draw: draw), budget: budget, role: "search", draw: draw) }
                            chosen = try bestDraw(problem, rule, schedule, budget: budget)
                        }
                        let records = try (0..<seeds).map { seed in
                            try use(StudyTrial(problem: problem, optimizer: chosen.optimizer, schedule: schedule, seed: seed), budget: budget, role: "final", draw: nil)
                        }
                        entries.append(StudyEntry(problem: problem.name, rule: rule, schedule: schedule, budget: budget,
                                                  hyperparameters: chosen.hyperparameterString, records: records))
                    }
                }
            }
        }
        return OptimizerStudyResults(problems: problems.map(\.name), budgets: budgets, entries: entries, rows: rows)
    }
}
