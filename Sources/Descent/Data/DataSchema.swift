import Foundation

/// What a model's training data looked like: the shape of a sample, the CSV columns the
/// features came from, the label column and the classes. Data read later for the same model —
/// a validation or test file beside the training file, `descent evaluate`, `descent predict` —
/// is matched to it: CSV columns by name (in any order), class labels by name, images by
/// shape. Any difference is an error naming the file, what it has and what was expected.
///
/// ```swift
/// let schema = DataSchema(of: train, labelName: "species", origin: .trainingData(path: "train.csv"))
/// let test = try schema.dataset(csv: "test.csv", label: "species")   // classes indexed as in train.csv
/// ```
public struct DataSchema {
    /// The shape of one sample's features.
    public var sampleShape: [Int]
    /// The CSV feature columns, in the model's order; nil for images or unnamed features.
    public var featureNames: [String]?
    /// The CSV label column.
    public var labelName: String?
    /// The classes by index; nil for regression.
    public var classNames: [String]?
    /// What the schema came from, for messages.
    public var origin: Origin

    /// A saved model, or the training data read from a file.
    public enum Origin: Equatable, Sendable {
        case model
        case trainingData(path: String)

        /// "the model was trained on" / "the training data (train.csv) has".
        var has: String { self == .model ? "the model was trained on" : "that \(name) has" }
        /// "the model was not trained on" / "that the training data (train.csv) does not have".
        var lacks: String { self == .model ? "the model was not trained on" : "that \(name) does not have" }
        /// "the model's classes" / "the classes of the training data (train.csv)".
        var classes: String { self == .model ? "the model's classes" : "the classes of \(name)" }
        /// "the model takes" / "the training data (train.csv) has".
        var takes: String { self == .model ? "the model takes" : "\(name) has" }
        private var name: String {
            if case .trainingData(let path) = self { return "the training data (\(path))" }
            return "the model"
        }
    }

    public init(sampleShape: [Int], featureNames: [String]? = nil, labelName: String? = nil, classNames: [String]? = nil, origin: Origin) {
        (self.sampleShape, self.featureNames, self.labelName, self.classNames, self.origin) = (sampleShape, featureNames, labelName, classNames, origin)
    }

    /// The schema of a training dataset read from `origin`.
    public init(of data: Dataset, labelName: String? = nil, origin: Origin) {
        self.init(sampleShape: data.sampleShape, featureNames: data.featureNames, labelName: labelName, classNames: data.classNames, origin: origin)
    }

    /// The rows of the CSV file at `path`: the feature columns matched by name to `featureNames`,
    /// and, with `label`, the targets in `classNames` (by name) or as numbers. Throws, naming the
    /// columns, when a feature column is missing or a column is left over (a forgotten `label`,
    /// another dataset), and naming the line of a label outside the classes.
    public func dataset(csv path: String, label: String?) throws -> Dataset {
        let table = try CSVTable.read(path, keepingText: Set(label.map { [$0] } ?? []))
        let labelColumn = try label.map { try table.column(named: $0) }
        let features: [Int]
        if let featureNames {
            let missing = featureNames.filter { !table.header.contains($0) }
            guard missing.isEmpty else {
                throw DescentError.file(path: path, problem: "lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) \(origin.has) (\(featureNames.joined(separator: ", ")))")
            }
            let extra = table.header.indices.filter { $0 != labelColumn && !featureNames.contains(table.header[$0]) }.map { table.header[$0] }
            if !extra.isEmpty {
                let hint = label == nil && extra == [labelName] ? ": it is the label the model predicts, pass --label \(extra[0])"
                                                                : "; \(origin.takes) \(featureNames.joined(separator: ", "))"
                throw DescentError.file(path: path, problem: "has the column\(extra.count == 1 ? "" : "s") \(extra.joined(separator: ", ")) \(origin.lacks)\(hint)")
            }
            features = featureNames.map { table.header.firstIndex(of: $0)! }
        } else {
            features = table.header.indices.filter { $0 != labelColumn }
            let expected = sampleShape.reduce(1, *)
            guard features.count == expected else {
                throw DescentError.file(path: path, problem: "has \(features.count) feature columns, \(origin.takes) \(expected)\(label == nil && features.count == expected + 1 ? ": pass --label COLUMN" : "")")
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
                throw DescentError.file(path: path, problem: "line \(table.lineNumbers[row]): the label '\(text)' is not one of \(origin.classes) (\(Self.listed(classNames)))")
            }
            return Float(index)
        }
        return Dataset(features: x, targets: Tensor(indices), classNames: classNames, featureNames: names)
    }

    /// Images and, when `labelPath` is given, their labels (IDX or NPY, optionally gzipped),
    /// checked against `sampleShape` and `classNames`; without labels the targets are zeros.
    public func dataset(images imagePath: String, labels labelPath: String?, layout: ImageLayout = .channelsLast) throws -> Dataset {
        let images = try ArrayFile.read(imagePath)
        let data: Dataset
        if let labelPath {
            data = try Dataset.images(images, labels: try ArrayFile.read(labelPath), layout: layout, paths: (imagePath, labelPath))
        } else {
            let zeros = ArrayFile(shape: [images.shape.first ?? 0], dataType: "uint8", format: "labels", values: [Float](repeating: 0, count: images.shape.first ?? 0))
            data = try Dataset.images(images, labels: zeros, layout: layout, paths: (imagePath, "labels"))
        }
        guard data.sampleShape == sampleShape else {
            let hint = sampleShape.count == 3 && data.sampleShape == [sampleShape[2], sampleShape[0], sampleShape[1]] && layout == .channelsLast ? " (NCHW data? pass --channels-first)" : ""
            throw DescentError.file(path: imagePath, problem: "holds images of shape \(data.sampleShape), \(origin.takes) \(sampleShape)\(hint)")
        }
        guard labelPath != nil, let classNames else {
            return Dataset(features: data.features, targets: data.targets, classNames: classNames)
        }
        if let bad = data.targets.scalars.firstIndex(where: { Int($0) >= classNames.count }) {
            throw DescentError.file(path: labelPath!, problem: "label \(Int(data.targets.scalars[bad])) at index \(bad) is not one of \(origin.classes) (\(Self.listed(classNames)))")
        }
        return Dataset(features: data.features, targets: data.targets, classNames: classNames)
    }

    /// Up to 12 names, comma-separated.
    static func listed(_ names: [String]) -> String {
        names.count <= 12 ? names.joined(separator: ", ") : names.prefix(10).joined(separator: ", ") + ", … (\(names.count) classes)"
    }
}
