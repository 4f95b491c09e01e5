import Foundation
import Testing

/// `descent schedule`, and the schedule and plateau flags of `descent train`, end to end.
@Suite(.serialized) struct ScheduleCommandTests {
    @Test func cosineRestartsCSVFromStepZero() throws {
        let result = try Descent.run(["schedule", "cosine-restarts", "--lr", "0.1", "--t0", "10", "--t-mult", "2", "--steps", "150", "--csv"])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows.first == ["step", "lr"])
        #expect(rows.count == 151)
        #expect(rows[1] == ["0", "0.1"])
        let rate = { (step: Int) in Double(rows[step + 1][1])! }
        #expect(abs(rate(5) - 0.05) < 1e-7)      // ½ · 0.1 · (1 + cos(π/2))
        #expect(rate(10) == 0.1 && rate(30) == 0.1 && rate(70) == 0.1)   // restarts at T₀, T₀ + 2T₀, …
        #expect(rate(29) < 0.001)
    }

    /// Every schedule of the issue with its spelling: CSV works and starts at step 0.
    @Test(arguments: [
        ["constant", "--lr", "0.1"],
        ["step", "--lr", "0.1", "--step-size", "10", "--gamma", "0.5"],
        ["multistep", "--lr", "0.1", "--milestones", "15,40", "--gamma", "0.1"],
        ["exponential", "--lr", "0.1", "--k", "0.05"],
        ["exponential", "--lr", "0.1", "--decay-rate", "0.5", "--decay-steps", "10", "--staircase"],
        ["inverse-time", "--lr", "0.1", "--k", "0.5"],
        ["polynomial", "--lr", "0.1", "--total-steps", "40", "--power", "2", "--end-lr", "0.001"],
        ["cosine", "--lr", "0.1", "--t-max", "40", "--min-lr", "0.001"],
        ["cosine-restarts", "--lr", "0.1", "--t0", "10"],
        ["cyclic", "--mode", "triangular", "--base-lr", "0.001", "--max-lr", "0.1", "--step-size-up", "10"],
        ["cyclic", "--mode", "exp-range", "--base-lr", "0.001", "--max-lr", "0.1", "--step-size-up", "10", "--gamma", "0.99"],
        ["one-cycle", "--max-lr", "0.1", "--total-steps", "50", "--anneal", "linear"],
        ["piecewise", "--boundaries", "10,20", "--values", "0.1,0.01,0.001"],
        ["cosine", "--lr", "0.1", "--warmup-steps", "10", "--warmup-start-factor", "0.1"],
    ])
    func everyScheduleHasACSV(_ arguments: [String]) throws {
        let result = try Descent.run(["schedule"] + arguments + ["--steps", "50", "--csv"])
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n")
        #expect(rows.count == 51 && rows.first == "step,lr" && rows[1].hasPrefix("0,"))
        #expect(rows.dropFirst().allSatisfy { Double($0.split(separator: ",")[1]).map { $0.isFinite && $0 >= 0 } ?? false })
    }

    @Test func severalSchedulesOnOneChartAndOneCSV() throws {
        let svg = Descent.temporaryFolder().appendingPathComponent("decays.svg")
        let arguments = ["schedule", "step", "exponential", "cosine", "--lr", "0.1", "--step-size", "30", "--k", "0.02", "--steps", "100"]
        let plotted = try Descent.run(arguments + ["--svg", svg.path])
        #expect(plotted.status == 0, "\(plotted.standardError)")
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.contains("<svg") && text.contains("exponential") && text.contains("cosine"))
        let table = try Descent.run(arguments + ["--csv"])
        #expect(table.standardOutput.hasPrefix("step,step,exponential,cosine\n0,0.1,0.1,0.1\n"))
    }

    @Test(arguments: [
        (["cosine-restarts", "--lr", "0.1", "--t0", "0"], "T₀"),
        (["cyclic", "--base-lr", "0.1", "--max-lr", "0.01", "--step-size-up", "5"], "at most the maximum learning rate"),
        (["cosine", "--lr", "0.1", "--min-lr", "0.5"], "at most the initial learning rate"),
        (["cosine", "--lr", "0.1", "--t0", "5"], "--t0 does not apply to the cosine schedule"),
        (["step", "--lr", "0.1"], "--step-size is needed by the step schedule"),
        (["exponential", "--lr", "0.1", "--k", "0.1", "--decay-rate", "0.5"], "takes either k"),
        (["cosine-wave", "--lr", "0.1"], "unknown schedule 'cosine-wave'"),
    ])
    func badParametersFailWithOneLine(_ arguments: [String], _ message: String) throws {
        let result = try Descent.run(["schedule"] + arguments + ["--csv"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("error: ") && result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test func trainFollowsAnEpochSchedule() throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--samples", "300", "--hidden", "8", "--epochs", "5", "--lr", "0.04",
                                      "--schedule", "step", "--step-size", "2", "--gamma", "0.5", "--schedule-unit", "epoch",
                                      "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let rates = try lrColumn(folder)
        #expect(rates == [0.04, 0.04, 0.02, 0.02, 0.01].map { Double(Float($0)) })
        let config = try String(contentsOf: folder.appendingPathComponent("experiment.yaml"), encoding: .utf8)
        #expect(config.contains("type: step") && config.contains("step_size: 2") && config.contains("unit: epoch"))
    }

    @Test func trainWarmsUpThenAnnealsPerStep() throws {
        // 210 training samples in batches of 30: 7 updates per epoch, 28 in all; warm-up 7, cosine over the other 21
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--samples", "300", "--hidden", "8", "--epochs", "4", "--batch-size", "30",
                                      "--lr", "0.1", "--schedule", "cosine", "--warmup-steps", "7", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let rates = try lrColumn(folder)
        // epoch 1 ends at update 6: warm-up 0.1 · 6/7; epoch e > 1 at update 7e − 1, cosine step 7e − 8 of 21
        let cosine = { (step: Double) -> Double in 0.05 * (1 + cos(Double.pi * step / 21)) }
        let expected: [Double] = [0.1 * 6 / 7, cosine(6), cosine(13), cosine(20)]
        for (rate, value) in zip(rates, expected) { #expect(abs(rate - value) < 1e-6, "\(rates) vs \(expected)") }
        #expect(rates.count == 4)
    }

    @Test func trainOneCycleAlsoCyclesAdamsBeta1() throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--samples", "300", "--hidden", "8", "--epochs", "4",
                                      "--lr", "0.05", "--schedule", "one-cycle", "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let csv = try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
        let header = csv.split(separator: "\n")[0].split(separator: ",")
        let last = csv.split(separator: "\n").last!.split(separator: ",")
        let value = { (name: String) in Double(last[header.firstIndex(of: Substring(name))!])! }
        #expect(abs(value("lr") - 0.05 / 25 / 1e4) < 1e-10)   // η_max / div_factor / final_div_factor at the last update
        #expect(abs(value("momentum") - 0.95) < 1e-6)          // back at μ_max
    }

    @Test func trainReducesOnPlateau() throws {
        let folder = Descent.temporaryFolder().appendingPathComponent("run")
        let result = try Descent.run(["train", "--quiet", "--samples", "300", "--hidden", "8", "--epochs", "30", "--lr", "0.05",
                                      "--reduce-on-plateau", "--plateau-patience", "1", "--plateau-factor", "0.5", "--plateau-threshold", "0.1",
                                      "--output", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let rates = try lrColumn(folder)
        #expect(rates.first == Double(Float(0.05)) && rates.last! < rates.first!, "\(rates)")
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $1 == $0 || abs($1 - $0 * 0.5) < 1e-9 })   // only halvings
    }

    @Test(arguments: [
        (["--schedule", "cosine", "--reduce-on-plateau"], "choose one"),
        (["--t-max", "5"], "--t-max needs --schedule NAME"),
        (["--plateau-patience", "3"], "need --reduce-on-plateau"),
        (["--reduce-on-plateau", "--plateau-factor", "1"], "factor"),
        (["--schedule", "cosine-restarts", "--t0", "0"], "T₀"),
        (["--schedule", "cosine", "--schedule-unit", "batch"], "--schedule-unit unknown 'batch'"),
    ])
    func trainRejectsBadSchedulingFlags(_ arguments: [String], _ message: String) throws {
        let result = try Descent.run(["train", "--quiet", "--epochs", "1", "--output", Descent.temporaryFolder().path] + arguments)
        #expect(result.status == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    private func lrColumn(_ folder: URL) throws -> [Double] {
        let csv = try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(rows.first?.firstIndex(of: "lr"))
        return rows.dropFirst().map { Double($0[column])! }
    }
}
