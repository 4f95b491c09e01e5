/// Features and targets in memory, one sample per row (axis 0).
///
/// Classification targets are class indices stored as Float, shape [N]; regression targets
/// have shape [N, outputs]. `classNames` maps indices to names when known.
public struct Dataset {
    public var features: Tensor
    public var targets: Tensor
    public var classNames: [String]?
    /// Names of the feature columns when known (CSV headers).
    public var featureNames: [String]?

    public init(features: Tensor, targets: Tensor, classNames: [String]? = nil, featureNames: [String]? = nil) {
        precondition(features.shape.first == targets.shape.first,
                     "Dataset: \(features.shape.first ?? 0) feature rows but \(targets.shape.first ?? 0) targets")
        self.features = features
        self.targets = targets
        self.classNames = classNames
        self.featureNames = featureNames
    }

    /// Number of samples.
    public var count: Int { features.shape.first ?? 0 }
    /// Number of classes for classification data, nil for regression.
    public var classCount: Int? { classNames?.count }
    /// The shape of one sample's features.
    public var sampleShape: [Int] { Array(features.shape.dropFirst()) }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(features: features.gathering(rows: indices), targets: targets.gathering(rows: indices), classNames: classNames,
                featureNames: featureNames)
    }

    /// A seeded train/validation/test split by fractions (the test part is the rest).
    /// Classification data is stratified: each class is split by the same fractions.
    public func split(train: Double, validation: Double, seed: UInt64 = 0) throws -> (train: Dataset, validation: Dataset, test: Dataset) {
        guard train > 0, validation >= 0, train + validation <= 1 else {
            throw DescentError.invalidArgument(name: "split", value: "train \(train), validation \(validation)", expected: "train > 0, validation ≥ 0 and train + validation ≤ 1")
        }
        let generator = RandomGenerator(seed: seed)
        var groups: [[Int]]
        if classNames != nil {
            var byClass: [Int: [Int]] = [:]
            for (i, label) in targets.scalars.enumerated() { byClass[Int(label), default: []].append(i) }
            groups = byClass.keys.sorted().map { byClass[$0]! }
        } else {
            groups = [Array(0..<count)]
        }
        var parts: ([Int], [Int], [Int]) = ([], [], [])
        for group in groups {
            let shuffled = generator.permutation(group.count).map { group[$0] }
            let trainCount = Int((Double(group.count) * train).rounded())
            let validationCount = min(group.count - trainCount, Int((Double(group.count) * validation).rounded()))
            parts.0 += shuffled[0..<trainCount]
            parts.1 += shuffled[trainCount..<(trainCount + validationCount)]
            parts.2 += shuffled[(trainCount + validationCount)...]
        }
        return (subset(parts.0.sorted()), subset(parts.1.sorted()), subset(parts.2.sorted()))
    }
}
