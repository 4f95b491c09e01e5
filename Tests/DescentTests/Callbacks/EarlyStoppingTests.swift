import Descent
import Testing

@Suite("EarlyStopping")
struct EarlyStoppingTests {
    @Test("min mode: stops when patience runs out, naming the best epoch")
    func patience() throws {
        // wait: e1 best (0), e2 best (0), e3 1, e4 2 ≥ 2 → stop after epoch 4.
        let stopper = EarlyStopping(patience: 2, isVerbose: false)
        let (history, _) = try fitWithScriptedMetric([1.0, 0.8, 0.85, 0.9, 0.7, 0.6], callbacks: [stopper])
        #expect(history.epochs.count == 4)
        #expect(stopper.stoppedEpoch == 4)
        #expect(stopper.best?.epoch == 2 && stopper.best?.value == 0.8)
        #expect(history.stopReason?.message.contains("val_loss did not improve") == true)
        #expect(history.stopReason?.message.contains("at epoch 2") == true)
    }

    @Test("minDelta: smaller improvements do not count")
    func minDelta() throws {
        // 0.95 and 0.92 are not below 1.0 − 0.1 → wait 1, 2 → stop after epoch 3.
        let stopper = EarlyStopping(minDelta: 0.1, patience: 2, isVerbose: false)
        let (history, _) = try fitWithScriptedMetric([1.0, 0.95, 0.92, 0.5], callbacks: [stopper])
        #expect(history.epochs.count == 3)
    }

    @Test("auto mode maximizes accuracy")
    func autoMax() throws {
        let stopper = EarlyStopping(monitor: .validationAccuracy, patience: 1, isVerbose: false)
        let (history, _) = try fitWithScriptedMetric([0.5, 0.6, 0.6, 0.7], key: .validationAccuracy, callbacks: [stopper])
        #expect(history.epochs.count == 3)
        #expect(stopper.best?.epoch == 2)
    }

    @Test("baseline: improvements that do not beat it leave the counter running")
    func baseline() throws {
        let values = [0.9, 0.95, 0.97, 0.4]
        let gated = EarlyStopping(patience: 2, baseline: 0.5, isVerbose: false)
        #expect(try fitWithScriptedMetric(values, callbacks: [gated]).history.epochs.count == 2)
        let free = EarlyStopping(patience: 2, isVerbose: false)
        #expect(try fitWithScriptedMetric(values, callbacks: [free]).history.epochs.count == 3)
    }

    @Test("startFromEpoch ignores the warm-up epochs")
    func warmUp() throws {
        let stopper = EarlyStopping(patience: 1, startFromEpoch: 3, isVerbose: false)
        let (history, _) = try fitWithScriptedMetric([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], callbacks: [stopper])
        #expect(history.epochs.count == 5)
        #expect(stopper.best?.epoch == 4)
    }

    @Test("restores the best weights, also when training reaches its last epoch", arguments: [false, true])
    func restoresBest(stopsEarly: Bool) throws {
        var weights: [[Float]] = []
        let recorder = LambdaCallback(epochDidEnd: { _, context in weights.append(context.model.parameters[0].parameter.value.scalars) })
        let stopper = EarlyStopping(patience: stopsEarly ? 1 : 10, restoresBestWeights: true, isVerbose: false)
        let (history, model) = try fitWithScriptedMetric([0.5, 0.3, 0.4, 0.45], callbacks: [recorder, stopper])
        #expect(history.epochs.count == (stopsEarly ? 3 : 4))
        #expect(stopper.restoredEpoch == 2)
        #expect(model.parameters[0].parameter.value.scalars == weights[1])
        #expect(weights[1] != weights.last!)
    }

    @Test("no restore when the last epoch is the best")
    func lastIsBest() throws {
        let stopper = EarlyStopping(patience: 3, restoresBestWeights: true, isVerbose: false)
        _ = try fitWithScriptedMetric([0.5, 0.4, 0.3], callbacks: [stopper])
        #expect(stopper.restoredEpoch == nil)
    }

    @Test("a metric that is not logged never stops training")
    func missingMetric() throws {
        let stopper = EarlyStopping(monitor: "val_f1", patience: 0, isVerbose: false)
        #expect(try fitWithScriptedMetric([1, 2, 3], callbacks: [stopper]).history.epochs.count == 3)
    }
}
