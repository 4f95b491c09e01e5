import Foundation

/// How a label column is read (see `Dataset.csv`).
public enum LabelKind: String, Codable, Sendable, CaseIterable {
    /// Categorical when any label is not a number or every label is an integer; numeric otherwise.
    case automatic
    /// Class labels: each distinct value is a class.
    case categorical
    /// Regression targets.
    case numeric
}

extension Dataset {
    /// A dataset from a CSV file with a header: the column `label` is the target, every other
    /// column a numeric feature (errors name the line and column of a bad value).
    ///
    /// Categorical labels become class indices; the classes are the distinct labels sorted (as
    /// numbers when all are integers, else as text) and are kept in `classNames`. Numeric
    /// labels become targets of shape [N, 1].
    public static func csv(_ path: String, label: String, labelKind: LabelKind = .automatic) throws -> Dataset {
        try csv(CSVTable.read(path, keepingText: [label]), label: label, labelKind: labelKind)
    }

    /// Unlabeled samples from a CSV file with a header: every column a numeric feature, the
    /// targets zeros of shape [N] (for prediction, where no labels are known).
    public static func csv(_ path: String) throws -> Dataset {
        let table = try CSVTable.read(path)
        return Dataset(features: try table.numericMatrix(columns: Array(table.header.indices)), targets: Tensor.zeros([table.rowCount]))
    }

    /// A dataset from a parsed CSV table; see `csv(_:label:labelKind:)`.
    public static func csv(_ table: CSVTable, label: String, labelKind: LabelKind = .automatic) throws -> Dataset {
        let labelColumn = try table.column(named: label)
        let featureColumns = table.header.indices.filter { $0 != labelColumn }
        guard table.rowCount > 0 else { throw DescentError.file(path: table.path, problem: "the file has a header but no data rows") }
        let features = try table.numericMatrix(columns: featureColumns)
        let labels = table.text(ofColumn: labelColumn).map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = labels.map { Float($0) }
        let allIntegers = numbers.allSatisfy { $0.map { $0.isFinite && $0 == $0.rounded() && abs($0) < 1e15 } ?? false }  // beyond: a number, not a class
        let categorical = labelKind == .categorical || (labelKind == .automatic && (numbers.contains(nil) || allIntegers))
        var data: Dataset
        if categorical {
            let names = allIntegers
                ? Set(numbers.map { $0! }).sorted().map { String(Int($0)) }
                : Set(labels).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Float($0)) })
            let keys = allIntegers ? numbers.map { String(Int($0!)) } : labels
            data = Dataset(features: features, targets: Tensor(keys.map { index[$0]! }), classNames: names)
        } else {
            var targets: [Float] = []
            for (row, number) in numbers.enumerated() {
                guard let number else {
                    throw DescentError.file(path: table.path, problem: "line \(table.lineNumbers[row]), column \(labelColumn + 1) ('\(label)'): '\(labels[row])' is not a number")
                }
                targets.append(number)
            }
            data = Dataset(features: features, targets: Tensor(shape: [targets.count, 1], scalars: targets))
        }
        data.featureNames = featureColumns.map { table.header[$0] }
        return data
    }

    /// An image classification dataset from an image file and a label file (IDX or NPY, each
    /// optionally gzipped), e.g. MNIST's `train-images-idx3-ubyte.gz` and
    /// `train-labels-idx1-ubyte.gz`. Pixels keep their stored values (apply
    /// `Preprocessing.imageScaling` for [0, 1]).
    public static func images(_ imagePath: String, labels labelPath: String, layout: ImageLayout = .channelsLast) throws -> Dataset {
        try images(ArrayFile.read(imagePath), labels: ArrayFile.read(labelPath), layout: layout, paths: (imagePath, labelPath))
    }

    /// Images [N, H, W] (one channel) or [N, H, W, C] / [N, C, H, W] per `layout`, and integer
    /// labels [N] ≥ 0, as NHWC features and class-index targets; the classes are named
    /// "0" … "K−1" for the largest label K − 1.
    public static func images(_ images: ArrayFile, labels: ArrayFile, layout: ImageLayout = .channelsLast,
                              paths: (images: String, labels: String) = ("images", "labels")) throws -> Dataset {
        var features = images.tensor
        switch images.shape.count {
        case 3: features = features.reshaped(to: images.shape + [1])
        case 4: features = layout.toChannelsLast(features)
        default:
            throw DescentError.file(path: paths.images, problem: "images must have shape [N, H, W] or [N, H, W, C], got \(images.shape)")
        }
        guard labels.shape.count == 1 || (labels.shape.count == 2 && labels.shape[1] == 1) else {
            throw DescentError.file(path: paths.labels, problem: "labels must have shape [N], got \(labels.shape)")
        }
        guard labels.shape[0] == images.shape[0] else {
            throw DescentError.file(path: paths.labels, problem: "\(labels.shape[0]) labels for \(images.shape[0]) images")
        }
        if let bad = labels.values.firstIndex(where: { $0 < 0 || $0 != $0.rounded() || $0 > 1_000_000 }) {
            throw DescentError.file(path: paths.labels, problem: "label \(labels.values[bad]) at index \(bad) is not a class index (an integer ≥ 0)")
        }
        let classCount = Int(labels.values.max() ?? 0) + 1
        return Dataset(features: features, targets: Tensor(labels.values), classNames: (0..<classCount).map(String.init))
    }
}
