import Foundation

/// The `diagnostics` section of an experiment, and the callbacks it adds to a run.
public struct DiagnosticsSettings: Codable, Equatable {
    /// Per-layer gradient and weight norms, update ratios, activation statistics and warnings.
    public var diagnostics = false
    /// A TensorBoard event file in the run folder.
    public var tensorBoard = false
    /// The sanity checks of `descent check` before training; training only if none fails.
    public var sanityChecks = false

    public init(diagnostics: Bool = false, tensorBoard: Bool = false, sanityChecks: Bool = false) {
        (self.diagnostics, self.tensorBoard, self.sanityChecks) = (diagnostics, tensorBoard, sanityChecks)
    }

    /// These settings with `other`'s switched-on ones added.
    public func merged(with other: DiagnosticsSettings) -> DiagnosticsSettings {
        DiagnosticsSettings(diagnostics: diagnostics || other.diagnostics, tensorBoard: tensorBoard || other.tensorBoard,
                            sanityChecks: sanityChecks || other.sanityChecks)
    }

    /// The callbacks for a run writing into `folder`; the probe is up to 256 training samples.
    func callbacks(folder: URL, train: Dataset, baselineLoss: Double?, verbosity: Verbosity) throws -> [any Callback] {
        var callbacks: [any Callback] = []
        if diagnostics {
            let rows = (0..<min(256, train.count)).map { $0 * train.count / min(256, train.count) }
            callbacks.append(TrainingDiagnostics(probe: train.features.gathering(rows: rows), folder: folder,
                                                 baselineLoss: baselineLoss, isVerbose: verbosity != .silent))
        }
        if tensorBoard { callbacks.append(try TensorBoardLogger(folder: folder)) }
        return callbacks
    }

    /// The loss of an uninformed model: ln K for K classes, Var(y) for regression targets.
    static func baselineLoss(classCount: Int?, targets: Tensor) -> Double? {
        if let classCount { return log(Double(classCount)) }
        let values = targets.scalars.map(Double.init)
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }
}
