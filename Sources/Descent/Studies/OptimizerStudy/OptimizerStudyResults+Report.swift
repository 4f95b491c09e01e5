import DescentPlot
import Foundation

extension OptimizerStudyResults {
    /// The mean rank (1 = best mean test score) of each optimizer on each problem, averaged
    /// over the budgets: rows are optimizer labels in first-problem one-shot order.
    public var meanRanks: (optimizers: [String], values: [[Double?]]) {
        let optimizers = StudyEntry.labels(entries)
        let values = optimizers.map { label in
            problems.map { problem -> Double? in
                let ranks = budgets.compactMap { budget in ranked(problem: problem, budget: budget).firstIndex { $0.label == label }.map { Double($0 + 1) } }
                return ranks.isEmpty ? nil : ranks.reduce(0, +) / Double(ranks.count)
            }
        }
        return (optimizers, values)
    }

    /// The best one-shot optimizer of a problem (by mean test score) and, per budget above 0,
    /// how many tuned optimizers beat its mean.
    public func oneShotComparison(problem: String) -> (best: StudyScore?, beaten: [(budget: Int, count: Int, of: Int)]) {
        let best = ranked(problem: problem, budget: 0).first?.score
        let higherIsBetter = entries.first { $0.problem == problem }?.isScoredByAccuracy ?? true
        let beaten = budgets.filter { $0 > 0 }.map { budget in
            let scores = ranked(problem: problem, budget: budget).compactMap(\.score)
            let count = scores.filter { score in best.map { higherIsBetter ? score.mean > $0.mean : score.mean < $0.mean } ?? true }.count
            return (budget, count, scores.count)
        }
        return (best, beaten)
    }

    /// The report's charts by file name: per problem a box plot per budget, the budgets chart
    /// and the learning curves; then the heat map of mean ranks.
    public func charts() -> [(fileName: String, svg: String)] {
        var charts: [(String, String)] = []
        for problem in problems {
            let accuracy = entries.first { $0.problem == problem }?.isScoredByAccuracy ?? true
            let metric = accuracy ? "test accuracy" : "test loss"
            for budget in budgets {
                let groups = ranked(problem: problem, budget: budget).map { ($0.label, $0.scores) }
                let title = "\(problem): final \(metric) over seeds, \(budget == 0 ? "one-shot defaults" : "tuned with budget \(budget)")"
                charts.append(("boxplot-\(problem)-budget-\(budget).svg", BoxPlot(title: title, yLabel: metric, groups: groups).svg()))
            }
            charts.append(("budgets-\(problem).svg", budgetChart(problem: problem, metric: metric, accuracy: accuracy)))
            charts.append(("curves-\(problem).svg", curveChart(problem: problem, metric: metric, accuracy: accuracy)))
        }
        let ranks = meanRanks
        var heatMap = HeatMap(title: "Mean rank (1 = best), averaged over budgets", rows: ranks.optimizers, columns: problems, values: ranks.values)
        heatMap.isLowDark = true
        charts.append(("mean-rank.svg", heatMap.svg()))
        return charts
    }

    /// Mean test score against the budget, one line per optimizer, with the best one-shot
    /// default as a dashed level (the paper's "several defaults versus one tuned").
    func budgetChart(problem: String, metric: String, accuracy: Bool) -> String {
        var series = StudyEntry.labels(entries.filter { $0.problem == problem }).map { label in
            Series(name: label, points: budgets.compactMap { budget in
                entries.first { $0.problem == problem && $0.budget == budget && $0.label == label }?.score.map { (Double(budget), $0.mean) }
            })
        }
        if let best = oneShotComparison(problem: problem).best {
            series.append(Series(name: "best one-shot (\(best.name))", points: budgets.map { (Double($0), best.mean) }, color: "#000000"))
        }
        var chart = LineChart(title: "\(problem): mean \(metric) by tuning budget", xLabel: "budget (random-search draws)", yLabel: metric, series: series)
        chart.logY = !accuracy
        return chart.svg(width: 820, height: Swift.max(440, 60 + 18 * series.count))
    }

    /// Per-epoch test score of the five best settings of the largest budget and the best
    /// one-shot default: mean over seeds, with a band of ± one standard deviation.
    func curveChart(problem: String, metric: String, accuracy: Bool) -> String {
        let largest = budgets.last ?? 0
        var chosen = Array(ranked(problem: problem, budget: largest).prefix(5))
        if largest > 0, let oneShot = ranked(problem: problem, budget: 0).first { chosen.append(oneShot) }
        let series = chosen.map { entry -> Series in
            let curves = entry.records.map { accuracy ? $0.testAccuracies : $0.testLosses }
            let epochs = curves.map(\.count).max() ?? 0
            var line = Series(name: "\(entry.label)\(entry.budget == 0 ? " one-shot" : " budget \(entry.budget)")", points: [])
            for epoch in 0..<epochs {
                guard let score = StudyScore(name: "", values: curves.compactMap { epoch < $0.count ? $0[epoch] : nil }) else { continue }
                line.points.append((Double(epoch + 1), score.mean))
                line.band.append((Double(epoch + 1), score.mean - score.standardDeviation, score.mean + score.standardDeviation))
            }
            return line
        }
        var chart = LineChart(title: "\(problem): \(metric) per epoch, mean ± 1 std over seeds", xLabel: "epoch", yLabel: metric, series: series)
        chart.logY = !accuracy
        return chart.svg(width: 820, height: 440)
    }

    /// `report.html`: the sentences, the tables, and every chart inline.
    public func report(charts: [(fileName: String, svg: String)]) -> String {
        var report = HTMLReport(title: "Optimizer study: \(problems.joined(separator: ", "))")
        report.addParagraph("Each optimizer is an update rule with a schedule. One-shot: the rule's defaults. Budget B: the best of B random-search draws by final validation score, then trained with every seed. Scores are the final test accuracy (or loss for regression).")
        report.addList(title: "Best against second best", items: separationSentences)
        for problem in problems {
            let comparison = oneShotComparison(problem: problem)
            let items = comparison.beaten.map { "budget \($0.budget): \($0.count) of \($0.of) tuned optimizers beat the best one-shot default\(comparison.best.map { " (\($0.name), \($0.text))" } ?? "")" }
            if !items.isEmpty { report.addList(title: "\(problem): several defaults against one tuned", items: items) }
            let labels = ranked(problem: problem, budget: budgets.last ?? 0).map(\.label)
            let rows = labels.map { label in
                [label] + budgets.map { budget in entries.first { $0.problem == problem && $0.budget == budget && $0.label == label }?.score?.text ?? "diverged" }
            }
            report.addTable(title: "\(problem): mean ± std over seeds", header: ["optimizer"] + budgets.map { $0 == 0 ? "one-shot" : "budget \($0)" }, rows: rows)
        }
        for (fileName, svg) in charts { report.addFigure(title: fileName, svg: svg) }
        return report.render()
    }

    /// Writes `results.csv`, the charts and `report.html` into `folder`.
    public func write(to folder: URL) throws {
        try AtomicFile.write(csv, to: folder.appendingPathComponent("results.csv"))
        let charts = charts()
        for (fileName, svg) in charts { try AtomicFile.write(svg, to: folder.appendingPathComponent(fileName)) }
        try AtomicFile.write(report(charts: charts), to: folder.appendingPathComponent("report.html"))
    }
}

extension StudyEntry {
    /// The labels of `entries`, each once, in order of appearance.
    static func labels(_ entries: [StudyEntry]) -> [String] { OptimizerStudy.unique(entries.map(\.label)) }
}
