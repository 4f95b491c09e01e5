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
        return split(seed: seed) { size in
            let trainCount = Int((Double(size) * train).rounded())
            return (trainCount, min(size - trainCount, Int((Double(size) * validation).rounded())))
        }
    }

    /// A seeded train/validation split, stratified like `split(train:validation:seed:)`: each
    /// class gives round(n·validation) samples to validation and the rest to training (for data
    /// whose test part comes from elsewhere).
    public func split(validation: Double, seed: UInt64 = 0) throws -> (train: Dataset, validation: Dataset, test: Dataset) {
        guard (0..<1).contains(validation) else {
            throw DescentError.invalidArgument(name: "split", value: "validation \(validation)", expected: "a fraction in [0, 1)")
        }
        return split(seed: seed) { size in
            let validationCount = Int((Double(size) * validation).rounded())
            return (size - validationCount, validationCount)
        }
    }

    /// Shuffles each group (each class, or all samples for regression) with one generator from
    /// `seed` and cuts it into `counts(groupSize)` = (train, validation) and the rest (test).
    private func split(seed: UInt64, counts: (Int) -> (train: Int, validation: Int)) -> (train: Dataset, validation: Dataset, test: Dataset) {
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
            let (trainCount, validationCount) = counts(group.count)
            parts.0 += shuffled[0..<trainCount]
            parts.1 += shuffled[trainCount..<(trainCount + validationCount)]
            parts.2 += shuffled[(trainCount + validationCount)...]
        }
        return (subset(parts.0.sorted()), subset(parts.1.sorted()), subset(parts.2.sorted()))
    }
}
