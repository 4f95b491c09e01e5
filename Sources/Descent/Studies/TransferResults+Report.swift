import DescentPlot
import Foundation

extension TransferResults {
    /// `report.html`: what was run, the table, its definitions and the chart.
    public func report(chart: String) -> String {
        var report = HTMLReport(title: "Transfer learning: MobileNetV2 on \(study.perClass.map(String.init).joined(separator: ", ")) images per class")
        report.addParagraph("""
            Data: synthetic 28×28 digits (SyntheticData digits-28), resized to \(TransferStudy.imageSize)×\(TransferStudy.imageSize) \
            by bilinear interpolation (half-pixel centres), repeated over three channels as 0–255 pixels and normalized with \
            ImageNet's mean and standard deviation; \(study.validationPerClass) validation images per class, the same for every run.
            """)
        report.addList(title: "Runs", items: [
            "scratch: MobileNetV2 (width \(base.widthMultiplier)) from torchvision's random initialization, cut at \(TransferStudy.cutAt), a new Dense head, every layer trained.",
            "frozen: the checkpoint's MobileNetV2 (\(base.classes) classes, \(study.weights.lastPathComponent)) cut at \(TransferStudy.cutAt), body frozen (BatchNorm on its running statistics), a new Dense head trained.",
            "fine-tune: the frozen run, then \(study.fineTuneEpochs) epochs with \(study.unfreezeFrom) onwards unfrozen at η/10 = \(String(format: "%g", study.fineTuneLearningRate)) with a fresh Adam.",
            "All: Adam, η = \(String(format: "%g", study.learningRate)), batches of \(study.batchSize), \(study.epochs) epochs, seed \(study.seed).",
        ])
        report.addTable(title: "Start, slope and final validation accuracy", header: Self.tableHeader, rows: tableRows)
        report.addParagraph("""
            start = a₁, the validation accuracy after epoch 1; slope = (a_m − a₁)/(m − 1) with m = min(\(TransferCurve.slopeEpochs), epochs), \
            the mean gain per epoch over epochs 1…\(TransferCurve.slopeEpochs); final = the accuracy after the last epoch. The fine-tune \
            run's first \(study.epochs) epochs are the frozen run's, so its start and slope are the frozen run's, and the chart \
            draws it from epoch \(study.epochs) on.
            """)
        report.addFigure(title: "Validation accuracy per epoch", svg: chart)
        return report.render()
    }

    /// Writes `transfer.csv`, `transfer.svg` and `report.html` into `folder`.
    public func write(to folder: URL) throws {
        let chart = chart()
        try AtomicFile.write(csv, to: folder.appendingPathComponent("transfer.csv"))
        try AtomicFile.write(chart, to: folder.appendingPathComponent("transfer.svg"))
        try AtomicFile.write(report(chart: chart), to: folder.appendingPathComponent("report.html"))
    }
}
