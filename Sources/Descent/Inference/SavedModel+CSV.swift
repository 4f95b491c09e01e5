import Foundation

extension SavedModel {
    /// The rows of the CSV file at `path` as data for this model: the feature columns matched
    /// by name to those it was trained on (in any order), and, with `label`, the targets in the
    /// model's classes (by name) or as numbers. Throws, naming the columns, when a feature
    /// column is missing or a column is left over (a forgotten `label`, another dataset).
    public func dataset(csv path: String, label: String?) throws -> Dataset {
        let table = try CSVTable.read(path, keepingText: Set(label.map { [$0] } ?? []))
        let labelColumn = try label.map { try table.column(named: $0) }
        let features: [Int]
        if let featureNames {
            let missing = featureNames.filter { !table.header.contains($0) }
            guard missing.isEmpty else {
                throw DescentError.file(path: path, problem: "lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) the model was trained on (\(featureNames.joined(separator: ", ")))")
            }
            let extra = table.header.indices.filter { $0 != labelColumn && !featureNames.contains(table.header[$0]) }.map { table.header[$0] }
            if !extra.isEmpty {
                let hint = label == nil && extra == [labelName] ? ": it is the label the model predicts, pass --label \(extra[0])"
                                                                : "; the model takes \(featureNames.joined(separator: ", "))"
                throw DescentError.file(path: path, problem: "has the column\(extra.count == 1 ? "" : "s") \(extra.joined(separator: ", ")) the model was not trained on\(hint)")
            }
            features = featureNames.map { table.header.firstIndex(of: $0)! }
        } else {
            features = table.header.indices.filter { $0 != labelColumn }
            guard [features.count] == inputShape else {
                throw DescentError.file(path: path, problem: "has \(features.count) feature columns, the model takes \(inputShape.reduce(1, *))\(label == nil && features.count == inputShape.reduce(1, *) + 1 ? ": pass --label COLUMN" : "")")
            }
        }
        guard table.rowCount > 0 else { throw DescentError.file(path: path, problem: "the file has a header but no data rows") }
        let x = try table.numericMatrix(columns: features)
        let names = features.map { table.header[$0] }
        guard let labelColumn else {
            return Dataset(features: x, targets: Tensor(shape: [x.shape[0]], scalars: [Float](repeating: 0, count: x.shape[0])), featureNames: names)
        }
        let texts = table.text(ofColumn: labelColumn).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let classNames else {
            let numbers = try texts.enumerated().map { row, text in
                guard let number = Float(text), number.isFinite else {
                    throw DescentError.file(path: path, problem: "line \(table.lineNumbers[row]): the label '\(text)' is not a finite number")
                }
                return number
            }
            return Dataset(features: x, targets: Tensor(shape: [numbers.count, 1], scalars: numbers), featureNames: names)
        }
        let indices = try texts.enumerated().map { row, text -> Float in
            let name = Float(text).flatMap { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : nil } ?? text
            guard let index = classNames.firstIndex(of: name) else {
                throw DescentError.file(path: path, problem: "line \(table.lineNumbers[row]): the label '\(text)' is not one of the model's classes (\(classNames.joined(separator: ", ")))")
            }
            return Float(index)
        }
        return Dataset(features: x, targets: Tensor(indices), classNames: classNames, featureNames: names)
    }
}
