import Foundation

/// How much `fit` prints.
public enum Verbosity: Sendable {
    /// A live progress bar on a terminal, one line per epoch otherwise.
    case auto
    /// One line per epoch.
    case epochLines
    /// Nothing.
    case silent

    var isSilent: Bool { self == .silent }
}

/// Keras-like terminal output: `Epoch 3/50 - 0.04s - loss: 0.4123 - accuracy: 0.8711 - …`.
final class ProgressLogger: Callback {
    private let isLive: Bool
    private var lastDraw = Date.distantPast
    private var runningLoss = 0.0
    private var batches = 0
    private var epochStart = Date()

    init(verbosity: Verbosity) {
        isLive = verbosity == .auto && isatty(STDOUT_FILENO) != 0
    }

    func epochWillBegin(_ epoch: Int, _ context: TrainingContext) {
        runningLoss = 0
        batches = 0
        epochStart = Date()
    }

    func batchDidEnd(_ batch: Int, loss: Float, _ context: TrainingContext) {
        runningLoss += Double(loss)
        batches += 1
        guard isLive, Date().timeIntervalSince(lastDraw) > 0.1 || batch + 1 == context.stepsPerEpoch else { return }
        lastDraw = Date()
        let width = 30
        let done = (batch + 1) * width / Swift.max(context.stepsPerEpoch, 1)
        let bar = String(repeating: "=", count: done) + String(repeating: ".", count: width - done)
        let remaining = Double(context.stepsPerEpoch - batch - 1) * Date().timeIntervalSince(epochStart) / Double(batches)
        let line = "Epoch \(context.epoch)/\(context.epochs) \(batch + 1)/\(context.stepsPerEpoch) [\(bar)] - ETA: \(Self.duration(remaining)) - loss: \(Self.format(runningLoss / Double(batches)))"
        print("\r" + line + "\u{1B}[K", terminator: "")
        fflush(stdout)
    }

    func epochDidEnd(_ report: inout EpochReport, _ context: TrainingContext) {
        var parts = ["Epoch \(report.epoch)/\(context.epochs)", String(format: "%.2fs", report.seconds)]
        for key in History.columnOrder(Set(report.metrics.keys)) {
            parts.append("\(key.rawValue): \(Self.format(report.metrics[key]!))")
        }
        let line = parts.joined(separator: " - ")
        print(isLive ? "\r" + line + "\u{1B}[K" : line)
    }

    func trainingDidEnd(_ context: TrainingContext) {
        if let reason = context.stopReason { print("Stopped: \(reason)") }
    }

    /// `7s`, `2:05`, `1:02:05`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }

    static func format(_ value: Double) -> String {
        value != 0 && Swift.abs(value) < 1e-3 ? String(format: "%.3e", value) : String(format: "%.4f", value)
    }
}
