import Descent
import Foundation

/// The text form of a `DataSummary` for `descent data inspect`.
struct DataSummaryReport {
    var summary: DataSummary
    var file: String
    var format: String
    var maxFeatures: Int

    var text: String {
        var lines = ["file: \(file) (\(format), \(summary.dataType))",
                     "shape: \(summary.shape) — \(summary.shape.first ?? 0) samples of \(summary.features.count) feature(s)"]
        let nameWidth = Swift.max(7, summary.features.prefix(maxFeatures).map(\.name.count).max() ?? 0)
        lines.append("feature".padding(nameWidth) + ["mean", "std", "min", "max"].map { $0.leftPadding(12) }.joined() + "  notes")
        for feature in summary.features.prefix(maxFeatures) {
            var notes: [String] = []
            if feature.isConstant { notes.append("CONSTANT") }
            if feature.nonFiniteCount > 0 { notes.append("\(feature.nonFiniteCount) NaN/inf") }
            let numbers = [feature.mean, feature.standardDeviation, feature.minimum, feature.maximum].map { format4($0).leftPadding(12) }
            lines.append(feature.name.padding(nameWidth) + numbers.joined() + (notes.isEmpty ? "" : "  " + notes.joined(separator: ", ")))
        }
        if summary.features.count > maxFeatures {
            let all = summary.features
            let mean = all.map(\.mean).reduce(0, +) / Double(all.count)
            lines.append("… \(all.count - maxFeatures) more features (--json lists all); mean of feature means \(format4(mean))")
        }
        let constant = summary.constantFeatures
        lines.append("constant features: " + (constant.isEmpty ? "none" : "\(constant.count) — \(constant.prefix(10).joined(separator: " "))\(constant.count > 10 ? " …" : "")"))
        lines.append("non-finite values (NaN/inf): " + (summary.nonFiniteCount == 0 ? "none" : "\(summary.nonFiniteCount) — WARNING"))
        if let classes = summary.classCounts {
            lines.append("classes: " + classes.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
            let ratio = summary.imbalanceRatio.map { String(format: "%.2f", $0) } ?? "∞ (a class has no samples)"
            lines.append("class balance: largest/smallest = \(ratio)" + (summary.isImbalanced ? " — IMBALANCED" : " (balanced)"))
        }
        return lines.joined(separator: "\n")
    }

    private func format4(_ value: Double) -> String { value.isNaN ? "nan" : String(format: "%.4f", value) }
}

extension String {
    fileprivate func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(0, width - count)) }
    fileprivate func leftPadding(_ width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}
