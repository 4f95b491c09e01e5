import Descent
import Foundation
import Testing

@Suite("ModelCheckpoint, CSVLogger, TerminateOnNaN, LambdaCallback")
struct CallbackTests {
    struct WriteFailure: Error {}

    @Test("ModelCheckpoint: best only, every period, initial threshold")
    func checkpoint() throws {
        let values = [1.0, 0.8, 0.9, 0.7]
        var seen: [Int] = []
        let best = ModelCheckpoint(saveBestOnly: true) { seen.append($0.epoch) }
        _ = try fitWithScriptedMetric(values, callbacks: [best])
        #expect(best.savedEpochs == [1, 2, 4] && seen == [1, 2, 4])
        let periodic = ModelCheckpoint(period: 2) { _ in }
        _ = try fitWithScriptedMetric(values, callbacks: [periodic])
        #expect(periodic.savedEpochs == [2, 4])
        let threshold = ModelCheckpoint(saveBestOnly: true, initialValueThreshold: 0.75) { _ in }
        _ = try fitWithScriptedMetric(values, callbacks: [threshold])
        #expect(threshold.savedEpochs == [4] && threshold.bestValue == 0.7)
    }

    @Test("ModelCheckpoint: a failing save stops training")
    func checkpointFailure() throws {
        let failing = ModelCheckpoint { request in if request.epoch == 2 { throw WriteFailure() } }
        let (history, _) = try fitWithScriptedMetric([1, 1, 1, 1], callbacks: [failing])
        #expect(history.epochs.count == 2)
        #expect(history.stopReason?.message.contains("could not save epoch 2") == true)
    }

    @Test("CSVLogger writes the history after every epoch")
    func csvLogger() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-csv-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("history.csv")
        var rowsSeen: [Int] = []
        let logger = CSVLogger(url: url)
        let counter = LambdaCallback(epochDidEnd: { _, _ in
            rowsSeen.append(((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").count)
        })
        let (history, _) = try fitWithScriptedMetric([0.3, 0.2, 0.1], callbacks: [logger, counter])
        #expect(rowsSeen == [2, 3, 4])  // header + one row per epoch
        #expect(try String(contentsOf: url, encoding: .utf8) == history.csv)
    }

    @Test("TerminateOnNaN stops on a non-finite validation metric")
    func terminateOnNaN() throws {
        let (history, _) = try fitWithScriptedMetric([0.5, .nan, 0.3], callbacks: [TerminateOnNaN()])
        #expect(history.epochs.count == 2)
        #expect(history.stopReason?.message == "TerminateOnNaN: val_loss=nan at epoch 2")
    }

    @Test("LambdaCallback calls every hook")
    func lambda() throws {
        var calls: [String: Int] = [:]
        let lambda = LambdaCallback(
            trainingWillBegin: { _ in calls["begin", default: 0] += 1 },
            epochWillBegin: { _, _ in calls["epoch", default: 0] += 1 },
            batchWillBegin: { _, _ in calls["batch", default: 0] += 1 },
            batchDidEnd: { _, _, _ in calls["batchEnd", default: 0] += 1 },
            epochDidEnd: { report, _ in report.metrics["extra"] = 1 },
            trainingDidEnd: { _ in calls["end", default: 0] += 1 })
        let (history, _) = try fitWithScriptedMetric([1, 1], callbacks: [lambda])
        // 16 samples, batches of 8: 2 batches per epoch.
        #expect(calls == ["begin": 1, "epoch": 2, "batch": 4, "batchEnd": 4, "end": 1])
        #expect(history.values("extra") == [1, 1])
    }

    @Test("MonitorMode resolves auto by name and applies minDelta")
    func monitorMode() {
        #expect(MonitorMode.auto.resolved(for: .validationAccuracy) == .max)
        #expect(MonitorMode.auto.resolved(for: .validationLoss) == .min)
        #expect(MonitorMode.min.isImprovement(0.89, over: 1, minDelta: 0.1, key: .loss))
        #expect(!MonitorMode.min.isImprovement(0.91, over: 1, minDelta: 0.1, key: .loss))
        #expect(!MonitorMode.max.isImprovement(.nan, over: nil, key: .accuracy))
    }
}
