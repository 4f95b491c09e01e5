import DescentPlot
import Foundation

/// The pictures of a run folder: `learning-curves.svg`, with `--diagnostics` also
/// `gradient-norms.svg` and `activation-histograms.svg`, and `report.html` holding all of them
/// with the summary, warnings, final metrics and the configuration. The page is self-contained.
struct RunReport {
    var folder: URL
    var history: History
    var test: [MetricKey: Double]
    var baselineLoss: Double?
    var sanityReport: SanityReport?
    var diagnostics: DiagnosticsLog?
    /// The test split's confusion matrix with the class names.
    var confusion: (matrix: ConfusionMatrix, classNames: [String])?
    /// `AugmentationPreview`'s picture, for runs that augment images.
    var augmentationPreview: String?

    static let curvesName = "learning-curves.svg"

    /// The best epoch by val_loss (by loss when there is no validation).
    var bestEpoch: EpochReport? {
        let key: MetricKey = history.epochs.contains { $0[.validationLoss] != nil } ? .validationLoss : .loss
        return history.epochs.filter { $0[key]?.isFinite == true }.min { $0[key]! < $1[key]! }
    }

    /// Overfitting/underfitting from the curves, plus what the diagnostics found.
    var warnings: [DiagnosticWarning] {
        let logged = diagnostics?.warnings ?? []
        let curves = [DiagnosticRules.overfitting(history), DiagnosticRules.underfitting(history, baselineLoss: baselineLoss)].compactMap { $0 }
        return logged + curves.filter { warning in !logged.contains { $0.kind == warning.kind } }
    }

    /// The warnings, and those printed during training but withdrawn by its end, marked so:
    /// the report says everything the console said.
    var warningLines: [String] {
        let withdrawn = (diagnostics?.withdrawnWarnings ?? []).filter { old in !warnings.contains { $0.kind == old.kind } }
        return warnings.map(\.description) + withdrawn.map { "withdrawn by the end of training (printed during it): \($0)" }
    }

    func curves() throws -> LearningCurves {
        var curves = LearningCurves(runs: [(folder.lastPathComponent, try MetricTable(csv: history.csv))])
        if let best = bestEpoch { curves.markers.append(Marker(x: Double(best.epoch), label: "best epoch \(best.epoch)")) }
        if history.stopReason != nil, let last = history.epochs.last { curves.markers.append(Marker(x: Double(last.epoch), label: "stopped")) }
        return curves
    }

    func write() throws {
        var page = HTMLReport(title: "Descent run \(folder.lastPathComponent)")
        page.addTable(title: "Summary", header: ["quantity", "value"], rows: summaryRows())
        if !history.epochs.isEmpty {
            let svg = try curves().svg()
            try AtomicFile.write(svg, to: folder.appendingPathComponent(Self.curvesName))
            page.addFigure(title: "Learning curves", svg: svg, caption: "Training (solid) and validation per epoch; dashed lines mark the best epoch and an early stop.")
        }
        if let augmentationPreview {
            try AtomicFile.write(augmentationPreview, to: folder.appendingPathComponent(AugmentationPreview.fileName))
            page.addFigure(title: "Augmented training samples", svg: augmentationPreview,
                           caption: "The first training images (top row) and four draws of the run's augmentation of each, as the model sees them.")
        }
        let warningLines = self.warningLines
        page.addList(title: "Warnings", items: warningLines.isEmpty ? ["none"] : warningLines, isWarning: !warningLines.isEmpty)
        if let sanityReport {
            page.addTable(title: "Sanity checks", header: ["check", "status", "finding"],
                          rows: sanityReport.results.map { [$0.name, $0.status.rawValue, $0.message] })
        }
        if let diagnostics { try addDiagnostics(diagnostics, to: &page) }
        let finals = (history.epochs.last.map { report in history.columns.compactMap { key in report[key].map { [key.rawValue, Self.format($0)] } } } ?? [])
            + test.keys.sorted { $0.rawValue < $1.rawValue }.map { ["test_\($0.rawValue)", Self.format(test[$0]!)] }
        page.addTable(title: "Final metrics", header: ["metric", "value"], rows: finals)
        if let (matrix, names) = confusion { addConfusion(matrix, names: names, to: &page) }
        if let config = FileManager.default.contents(atPath: folder.appendingPathComponent(ExperimentRun.configFile).path) {
            page.addPreformatted(title: "Configuration (\(ExperimentRun.configFile))", text: String(decoding: config, as: UTF8.self))
        }
        try AtomicFile.write(page.render(), to: folder.appendingPathComponent("report.html"))
    }

    func summaryRows() -> [[String]] {
        var rows = [["epochs run", "\(history.epochs.count)"]]
        if let best = bestEpoch {
            rows.append(["best epoch", "\(best.epoch)"])
            for key in [MetricKey.loss, .validationLoss, .accuracy, .validationAccuracy] {
                if let value = best[key] { rows.append(["\(key.rawValue) at the best epoch", Self.format(value)]) }
            }
        }
        rows.append(["stopped early", history.stopReason?.message ?? "no"])
        let seconds = history.epochs.reduce(0) { $0 + $1.seconds }
        rows.append(["training time", String(format: "%.2f s", seconds)])
        return rows
    }

    func addDiagnostics(_ log: DiagnosticsLog, to page: inout HTMLReport) throws {
        let layers = log.layers.reduce(into: [String]()) { if !$0.contains($1.layer) { $0.append($1.layer) } }
        let named = { (layer: String) in "\(layer) \(log.layers.first { $0.layer == layer }?.name ?? "")" }
        func series(_ value: KeyPath<LayerDiagnostics, Double?>) -> [Series] {
            layers.compactMap { layer in
                let points = log.layers.filter { $0.layer == layer }.compactMap { record in
                    record[keyPath: value].map { (x: Double(record.epoch), y: $0) }
                }
                return points.isEmpty ? nil : Series(name: named(layer), points: points)
            }
        }
        var gradients = LineChart(title: "Gradient norm per layer", xLabel: "epoch", yLabel: "‖∂L/∂θ‖", series: series(\.gradientNorm))
        gradients.logY = true
        var ratios = LineChart(title: "Update/weight ratio per layer", xLabel: "epoch", yLabel: "‖Δθ‖/‖θ‖", series: series(\.updateRatio))
        ratios.logY = true
        var document = SVGDocument(width: 760, height: 600)
        gradients.draw(into: &document, frame: (x: 0, y: 0, width: 760, height: 300))
        ratios.draw(into: &document, frame: (x: 0, y: 300, width: 760, height: 300))
        let norms = document.render()
        try AtomicFile.write(norms, to: folder.appendingPathComponent("gradient-norms.svg"))
        page.addFigure(title: "Gradients and updates", svg: norms, caption: "Mean per-batch gradient norm and ‖Δθ‖/‖θ‖ of one step (about 1e-3 is healthy), per layer and epoch.")
        if !log.latestHistograms.isEmpty {
            let charts = log.latestHistograms.map { HistogramChart(title: "\($0.layer) \($0.name)", edges: $0.edges, counts: $0.counts) }
            let grid = HistogramChart.grid(charts)
            try AtomicFile.write(grid, to: folder.appendingPathComponent("activation-histograms.svg"))
            page.addFigure(title: "Activation histograms (epoch \(log.latestHistograms[0].epoch), probe batch)", svg: grid)
        }
        let last = log.layers.filter { $0.epoch == log.layers.last?.epoch }
        page.addTable(title: "Layers at the last epoch", header: ["layer", "gradient norm", "weight norm", "update ratio", "activation mean", "activation std", "dead", "saturated"],
                      rows: last.map { record in
                          [named(record.layer)] + [record.gradientNorm, record.weightNorm, record.updateRatio, record.activationMean,
                                                   record.activationStd, record.deadFraction, record.saturatedFraction].map { $0.map(Self.format) ?? "–" }
                      })
    }

    /// The test split's confusion matrix (rows: true class) and each class's precision, recall and F1.
    func addConfusion(_ matrix: ConfusionMatrix, names: [String], to page: inout HTMLReport) {
        let classes = 0..<matrix.classCount
        let name = { (c: Int) in c < names.count ? names[c] : String(c) }
        page.addTable(title: "Confusion matrix (test split; rows: true class, columns: predicted)", header: ["true \\ predicted"] + classes.map(name),
                      rows: classes.map { t in [name(t)] + classes.map { String(matrix.counts[t][$0]) } })
        page.addTable(title: "Per class (test split)", header: ["class", "precision", "recall", "F1", "support"],
                      rows: classes.map { c in [name(c), Self.format(matrix.precision(c)), Self.format(matrix.recall(c)), Self.format(matrix.f1(c)), String(matrix.support(c))] }
                        + [["macro average", Self.format(matrix.macroPrecision), Self.format(matrix.macroRecall), Self.format(matrix.macroF1), String(matrix.total)]])
    }

    static func format(_ value: Double) -> String {
        value != 0 && (abs(value) < 1e-3 || abs(value) >= 1e5) ? String(format: "%.3e", value) : String(format: "%.4f", value)
    }
}
