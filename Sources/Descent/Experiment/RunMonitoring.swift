import Foundation

/// What `descent train` adds around the fit for diagnostics, for flag and config runs alike:
/// the sanity checks before it (`--sanity-checks`), the callbacks during it (`--diagnostics`,
/// `--tensorboard`), and the report and SVG curves after it (always).
struct RunMonitoring {
    let folder: URL
    /// Diagnostics and TensorBoard callbacks to add to the fit.
    let callbacks: [any Callback]
    /// The sanity checks' outcome, when they ran.
    let sanityReport: SanityReport?
    /// The per-layer diagnostics callback, when `--diagnostics` is on.
    let diagnostics: TrainingDiagnostics?
    private let baselineLoss: Double?

    /// Runs the sanity checks when asked, on `trainer` and the splits, and builds the callbacks.
    init(settings: DiagnosticsSettings?, folder: URL, trainer: Trainer, train: Dataset, validation: Dataset,
         classCount: Int?, verbosity: Verbosity) throws {
        let settings = settings ?? DiagnosticsSettings()
        self.folder = folder
        if settings.sanityChecks {
            let report = trainer.sanityCheck(train.features, train.targets, validationData: validation.count > 0 ? (validation.features, validation.targets) : nil)
            if verbosity != .silent || report.hasFailures { print(report) }
            sanityReport = report
        } else {
            sanityReport = nil
        }
        baselineLoss = DiagnosticsSettings.baselineLoss(classCount: classCount, targets: train.targets)
        callbacks = try settings.callbacks(folder: folder, train: train, baselineLoss: baselineLoss, verbosity: verbosity)
        diagnostics = callbacks.lazy.compactMap { $0 as? TrainingDiagnostics }.first
    }

    /// True when a sanity check failed: the run records why and trains no epoch.
    var skipsTraining: Bool { sanityReport?.hasFailures == true }

    /// The history of a run that did not train.
    var skippedHistory: History {
        var history = History()
        let failed = sanityReport?.results.filter { $0.status == .failed }.map(\.name) ?? []
        history.stopReason = StopReason(.sanityChecksFailed, "sanity checks failed (\(failed.joined(separator: ", "))); no epoch was run (see descent check)")
        return history
    }

    /// Writes `learning-curves.svg`, the diagnostics figures and `report.html`.
    func writeReport(history: History, test: [MetricKey: Double], confusion: ConfusionMatrix? = nil, classNames: [String]? = nil,
                     augmentationPreview: String? = nil) throws {
        let log = diagnostics.map {
            DiagnosticsLog(layers: $0.records, warnings: $0.warnings, withdrawnWarnings: $0.withdrawnWarnings,
                           firstHistograms: $0.firstHistograms, latestHistograms: $0.latestHistograms)
        }
        var report = RunReport(folder: folder, history: history, test: test, baselineLoss: baselineLoss,
                               sanityReport: sanityReport, diagnostics: log)
        report.confusion = confusion.map { ($0, classNames ?? (0..<$0.classCount).map(String.init)) }
        report.augmentationPreview = augmentationPreview
        try report.write()
    }
}
