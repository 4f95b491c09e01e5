import Foundation

extension DataSummary {
    /// The summary as aligned text (what `descent data inspect` prints): the file, shape and
    /// type, one row of statistics per feature up to `maxFeatures`, then the warning signs.
    /// `elisionHint` is put in parentheses after the count of features left out, e.g.
    /// `--json lists all`.
    public func text(file: String, format: String, maxFeatures: Int, elisionHint: String? = nil) -> String {
        var lines = ["file: \(file) (\(format), \(dataType))",
                     "shape: \(shape) — \(shape.first ?? 0) samples of \(features.count) feature(s)"]
        let shown = features.prefix(maxFeatures)
        let nameWidth = Swift.max(7, shown.map(\.name.count).max() ?? 0)
        lines.append("feature".padded(nameWidth) + ["mean", "std", "min", "max"].map { $0.leftPadded(12) }.joined() + "  notes")
        for feature in shown {
            var notes: [String] = []
            if feature.isConstant { notes.append("CONSTANT") }
            if feature.nonFiniteCount > 0 { notes.append("\(feature.nonFiniteCount) NaN/inf") }
            let numbers = [feature.mean, feature.standardDeviation, feature.minimum, feature.maximum].map { Self.format4($0).leftPadded(12) }
            lines.append(feature.name.padded(nameWidth) + numbers.joined() + (notes.isEmpty ? "" : "  " + notes.joined(separator: ", ")))
        }
        if features.count > maxFeatures {
            let mean = features.map(\.mean).reduce(0, +) / Double(features.count)
            let hint = elisionHint.map { " (\($0))" } ?? ""
            lines.append("… \(features.count - maxFeatures) more features\(hint); mean of feature means \(Self.format4(mean))")
        }
        let constant = constantFeatures
        lines.append("constant features: " + (constant.isEmpty ? "none" : "\(constant.count) — \(constant.prefix(10).joined(separator: " "))\(constant.count > 10 ? " …" : "")"))
        lines.append("non-finite values (NaN/inf): " + (nonFiniteCount == 0 ? "none" : "\(nonFiniteCount) — WARNING"))
        if let classCounts {
            lines.append("classes: " + classCounts.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
            let ratio = imbalanceRatio.map { String(format: "%.2f", $0) } ?? "∞ (a class has no samples)"
            lines.append("class balance: largest/smallest = \(ratio)" + (isImbalanced ? " — IMBALANCED" : " (balanced)"))
        }
        return lines.joined(separator: "\n")
    }

    private static func format4(_ value: Double) -> String { value.isNaN ? "nan" : String(format: "%.4f", value) }
}

extension String {
    /// The text followed by spaces up to `width` characters (tables of plain text).
    func padded(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(0, width - count)) }
    /// Spaces, then the text, up to `width` characters (right-aligned numbers).
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}
