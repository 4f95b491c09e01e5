@testable import Descent
import Foundation
import Testing

/// The optimizer study at tiny scale, in this process: layout, record keys, results.csv,
/// resume, determinism and refusals.
@Suite(.serialized) struct OptimizerStudyTests {
    /// 60 blob points, one Dense layer, two epochs: a trial takes milliseconds.
    static func problem(_ name: String = "blobs") throws -> StudyProblem {
        let text = """
            data: {dataset: blobs, samples: 60}
            model: [{type: dense, units: 3}]
            epochs: 2
            batch_size: 16
            """
        return try StudyProblem(name: name, config: try ConfigNode.parse(text, file: "tiny.yaml"), file: "tiny.yaml")
    }

    static func study(_ output: URL, seeds: Int = 2, budgets: [Int] = [2]) throws -> OptimizerStudy {
        try OptimizerStudy(problems: [problem()], rules: ["adam", "sgd"], budgets: budgets, seeds: seeds, output: output)
    }

    static func folder() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("descent-study-\(UUID().uuidString)") }

    /// Every record file under `folder` by path, the time stamp taken out of the name.
    static func records(_ folder: URL) throws -> [String: Data] {
        let paths = FileManager.default.enumerator(atPath: folder.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }
        var result: [String: Data] = [:]
        for path in paths {
            let key = path.replacingOccurrences(of: #"__\d{4}(-\d\d){5}\.json$"#, with: "", options: .regularExpression)
            result[key] = try Data(contentsOf: folder.appendingPathComponent(path))
        }
        return result
    }

    @Test func studyWritesTheDeepOBSLayoutResultsAndReport() throws {
        let output = Self.folder()
        let results = try Self.study(output).run()
        // per rule and schedule: 2 one-shot seeds + 2 draws + 1 more seed of the chosen draw
        let files = try Self.records(output)
        #expect(files.count == 2 * 2 * 5)
        let key = try #require(files.keys.first { $0.hasPrefix("blobs/adam/learning_rate__0.001__beta1__0.9__") && $0.contains("schedule__cosine/random_seed__1") })
        let json = try #require(try JSONSerialization.jsonObject(with: files[key]!) as? [String: Any])
        for name in ["testproblem", "batch_size", "num_epochs", "random_seed", "optimizer_name", "optimizer_hyperparams", "training_params",
                     "train_losses", "valid_losses", "test_losses", "train_accuracies", "valid_accuracies", "test_accuracies"] {
            #expect(json[name] != nil, "missing \(name)")
        }
        #expect(json["testproblem"] as? String == "blobs" && json["optimizer_name"] as? String == "adam" && json["num_epochs"] as? Int == 2)
        #expect((json["test_accuracies"] as? [Any])?.count == 2)
        #expect((json["training_params"] as? [String: Any])?["lr_schedule"] as? String == "cosine")
        let csv = try String(contentsOf: output.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first.map(String.init) == OptimizerStudyResults.csvHeader)
        // per rule and schedule: budget 0 → 2 final rows; budget 2 → 2 search + 2 final rows
        #expect(csv.count == 1 + 2 * 2 * 6)
        #expect(results.entries.count == 2 * 2 * 2 && results.entries.allSatisfy { $0.records.count == 2 })
        for name in ["study.yaml", "report.html", "mean-rank.svg", "boxplot-blobs-budget-2.svg", "curves-blobs.svg", "budgets-blobs.svg"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "missing \(name)")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(".scratch").path)) ?? []).isEmpty)
    }

    @Test func sameStudyTwiceGivesIdenticalRecordsAndResumeRunsNothing() throws {
        let (first, second) = (Self.folder(), Self.folder())
        try Self.study(first).run()
        try Self.study(second).run()
        let (a, b) = (try Self.records(first), try Self.records(second))
        #expect(a == b && a.count == 20)
        let csv = { (folder: URL) in try String(contentsOf: folder.appendingPathComponent("results.csv"), encoding: .utf8)
            .replacingOccurrences(of: #"__\d{4}(-\d\d){5}\.json"#, with: "", options: .regularExpression) }
        #expect(try csv(first) == csv(second))
        let runner = CountingRunner()
        var lines: [String] = []
        try Self.study(first).run(runner: runner) { lines.append($0) }
        #expect(runner.count == 0)
        #expect(lines.first?.contains("0 to run") == true)
    }

    /// A study stopped after some trials (records deleted, a partial write and a scratch
    /// folder left) finishes with the same records as one run straight through.
    @Test func interruptedStudyFinishesWithTheSameRecords() throws {
        let (straight, interrupted) = (Self.folder(), Self.folder())
        try Self.study(straight).run()
        try Self.study(interrupted).run()
        let files = FileManager.default.enumerator(atPath: interrupted.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
        for path in files.prefix(7) { try FileManager.default.removeItem(at: interrupted.appendingPathComponent(path)) }
        let folder = interrupted.appendingPathComponent(files[8]).deletingLastPathComponent()
        try Data("{".utf8).write(to: folder.appendingPathComponent(".random_seed__9__x.json.tmp-1-2"))
        try FileManager.default.createDirectory(at: interrupted.appendingPathComponent(".scratch/abc"), withIntermediateDirectories: true)
        let runner = CountingRunner()
        try Self.study(interrupted).run(runner: runner)
        #expect(runner.count == 7)
        #expect(try Self.records(straight) == Self.records(interrupted))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".random_seed__9__x.json.tmp-1-2").path))
    }

    @Test func aFolderHoldingAnotherStudyIsRefusedAndKept() throws {
        let output = Self.folder()
        try Self.study(output, budgets: [0]).run()
        let before = try String(contentsOf: output.appendingPathComponent("study.yaml"), encoding: .utf8)
        #expect { try Self.study(output, seeds: 3, budgets: [0]).run() } throws: { error in
            "\(error)".contains("holds a different study") && "\(error)".contains("seeds")
        }
        #expect(try String(contentsOf: output.appendingPathComponent("study.yaml"), encoding: .utf8) == before)
        let other = Self.folder()
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: other.appendingPathComponent("notes.txt"))
        #expect { try Self.study(other, budgets: [0]).run() } throws: { "\($0)".contains("not an optimizer study") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == ["notes.txt"])
    }

    @Test func badStudySettingsAreRefused() throws {
        let output = Self.folder(), problem = try Self.problem()
        #expect(throws: DescentError.invalidArgument(name: "optimizer", value: "adamax2", expected: "one of \(RuleRegistry.names.joined(separator: ", "))")) {
            try OptimizerStudy(problems: [problem], rules: ["adamax2"], output: output)
        }
        #expect(throws: DescentError.self) { try OptimizerStudy(problems: [problem], budgets: [-1], output: output) }
        #expect(throws: DescentError.self) { try OptimizerStudy(problems: [problem], seeds: 0, output: output) }
        #expect(throws: DescentError.self) { try OptimizerStudy(problems: [problem], schedules: ["step"], output: output) }
        #expect(throws: DescentError.self) { try OptimizerStudy(problems: [problem, problem], output: output) }
        #expect(throws: DescentError.invalidArgument(name: "problem", value: "imagenet", expected: "one of quadratic, digits, mnist, cnn (or an experiment file)")) {
            try StudyProblem.builtIn("imagenet")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// Every built-in problem reads; the two of the quick study build (the 28×28 images take
    /// seconds to draw in a debug build).
    @Test func builtInProblemsBuild() throws {
        for name in StudyProblem.builtInNames {
            let experiment = try StudyProblem.builtIn(name).experiment()
            guard ["quadratic", "digits"].contains(name) else { continue }
            let setup = try ExperimentSetup(experiment)
            #expect(setup.parts.train.count > 0 && setup.parts.test.count > 0, "\(name)")
        }
    }

    @Test func separationSentenceComparesTheDifferenceWithTheSeedSpread() {
        let best = StudyScore(name: "adam/cosine", mean: 0.95, standardDeviation: 0.01, count: 3)
        let close = StudyScore(name: "sgd/constant", mean: 0.945, standardDeviation: 0.02, count: 3)
        let far = StudyScore(name: "sgd/constant", mean: 0.90, standardDeviation: 0.02, count: 3)
        #expect(StudyScore.separationSentence(problem: "digits", budget: 10, best: best, second: close)
            == "digits (budget 10): the best, adam/cosine (0.9500 ± 0.0100), and the second, sgd/constant (0.9450 ± 0.0200), differ by 0.0050, within the seed spread (largest σ 0.0200): the two are not told apart.")
        #expect(StudyScore.separationSentence(problem: "digits", budget: 0, best: best, second: far).contains("one-shot): the best") )
        #expect(StudyScore.separationSentence(problem: "digits", budget: 0, best: best, second: far).hasSuffix("more than the seed spread (largest σ 0.0200): the ranking of the two holds across seeds."))
        let single = StudyScore(name: "a", mean: 1, standardDeviation: 0, count: 1)
        #expect(StudyScore.separationSentence(problem: "p", budget: 0, best: single, second: single).hasSuffix("no seed spread to compare it with."))
        #expect(StudyScore(name: "x", values: [1, 2, 3]) == StudyScore(name: "x", mean: 2, standardDeviation: 1, count: 3))
    }
}

/// Counts the trials it is asked to run, and runs them in this process.
final class CountingRunner: TrialRunner {
    var count = 0
    func run(_ trials: [StudyTrial], in study: URL) throws {
        count += trials.count
        try InProcessTrialRunner().run(trials, in: study)
    }
}
