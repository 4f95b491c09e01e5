import DescentPlot
import Foundation

/// What a `TransferStudy` measured: one `TransferCurve` per training-set size and run, as a
/// CSV, a table of start, slope and final accuracy, a chart and a report.
public struct TransferResults {
    public var study: TransferStudy
    public var base: TransferBase
    /// By training-set size, then in `TransferStudy.Run` order.
    public var curves: [TransferCurve]

    /// The header of `csv`.
    public static let csvHeader = "per_class,run,epoch,val_accuracy,val_loss,train_loss"

    /// `csvHeader`, then one row per run and epoch (the fine-tune run's epochs count on past
    /// its frozen phase).
    public var csv: String {
        ([Self.csvHeader] + curves.flatMap { curve in
            curve.points.enumerated().map { index, point in
                "\(curve.perClass),\(curve.run.rawValue),\(index + 1),\(point.validationAccuracy),\(point.validationLoss),\(point.trainingLoss)"
            }
        }).joined(separator: "\n") + "\n"
    }

    /// The columns of `tableRows`.
    public static let tableHeader = ["per class", "run", "epochs", "learning rate", "start", "slope / epoch", "final"]

    /// One row per curve: its epochs, learning rates (first → last), start, slope and final accuracy.
    public var tableRows: [[String]] {
        curves.map { curve in
            let (first, last) = (curve.points.first.map { String(format: "%g", $0.learningRate) } ?? "—", curve.points.last.map { String(format: "%g", $0.learningRate) } ?? "—")
            func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "—" }
            return [String(curve.perClass), curve.run.rawValue, String(curve.points.count), first == last ? first : "\(first) → \(last)",
                    number(curve.start, "%.3f"), number(curve.slope, "%+.3f"), number(curve.final, "%.3f")]
        }
    }

    /// `tableRows` as aligned text, for a terminal.
    public var table: String {
        let rows = [Self.tableHeader] + tableRows
        let widths = Self.tableHeader.indices.map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The colour of each run, the same in every panel.
    static let colors: [TransferStudy.Run: String] = [.scratch: "#D55E00", .frozen: "#0072B2", .fineTune: "#009E73"]

    /// Validation accuracy per epoch: one panel per training-set size, stacked, each with the
    /// three runs and a dashed line where fine-tuning begins. The fine-tune line starts at the
    /// last frozen epoch (before it, it is the frozen line).
    public func chart() -> String {
        let sizes = study.perClass
        let (width, panelHeight) = (760, 340)
        var document = SVGDocument(width: width, height: panelHeight * sizes.count)
        for (row, size) in sizes.enumerated() {
            let series = curves.filter { $0.perClass == size }.map { curve in
                let epochs = curve.points.enumerated().map { (Double($0.offset + 1), $0.element.validationAccuracy) }
                return Series(name: curve.run.rawValue, points: Array(epochs.dropFirst(Swift.max(0, (curve.fineTuneStart ?? 1) - 1))),
                              color: Self.colors[curve.run])
            }
            var chart = LineChart(title: "\(size) training images per class: validation accuracy", xLabel: "epoch", yLabel: "validation accuracy", series: series)
            chart.markers = [Marker(x: Double(study.epochs) + 0.5, label: "fine-tuning from \(study.unfreezeFrom), η/10")]
            chart.draw(into: &document, frame: (x: 0, y: Double(row * panelHeight), width: Double(width), height: Double(panelHeight)))
        }
        return document.render()
    }
}
