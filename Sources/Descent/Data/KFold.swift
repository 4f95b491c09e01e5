/// k-fold cross-validation indices: the samples are shuffled from `seed` and dealt into k
/// folds of sizes differing by at most one; fold i validates on its own samples and trains on
/// the other k − 1 folds. Stratified folds deal each class in turn, so every fold keeps the
/// class proportions (scikit-learn's `StratifiedKFold(shuffle=True)` in spirit; the exact
/// assignment differs).
///
/// ```swift
/// for (train, validation) in try KFold(k: 5, seed: 0).splits(of: data) { … }
/// ```
public struct KFold: Sendable {
    public var k: Int
    public var seed: UInt64

    public init(k: Int, seed: UInt64 = 0) {
        self.k = k
        self.seed = seed
    }

    /// The (train, validation) index lists of each fold, each sorted; `labels` (class indices)
    /// stratifies. Throws when k < 2 or k exceeds the number of samples.
    public func indices(count: Int, labels: [Int]? = nil) throws -> [(train: [Int], validation: [Int])] {
        guard k >= 2, k <= count else {
            throw DescentError.invalidArgument(name: "k", value: "\(k)", expected: "2 ≤ k ≤ \(count) (the number of samples)")
        }
        let generator = RandomGenerator(seed: seed)
        var dealt: [Int]
        if let labels {
            precondition(labels.count == count, "KFold.indices: \(labels.count) labels for \(count) samples")
            var byClass: [Int: [Int]] = [:]
            for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
            dealt = byClass.keys.sorted().flatMap { key in generator.permutation(byClass[key]!.count).map { byClass[key]![$0] } }
        } else {
            dealt = generator.permutation(count)
        }
        var folds = [[Int]](repeating: [], count: k)
        for (position, index) in dealt.enumerated() { folds[position % k].append(index) }
        return folds.indices.map { i in
            (train: folds.indices.filter { $0 != i }.flatMap { folds[$0] }.sorted(), validation: folds[i].sorted())
        }
    }

    /// The folds of `data` as datasets; classification data (with class names) is stratified.
    public func splits(of data: Dataset) throws -> [(train: Dataset, validation: Dataset)] {
        let labels = data.classNames == nil ? nil : data.targets.scalars.map { Int($0) }
        return try indices(count: data.count, labels: labels).map { (data.subset($0.train), data.subset($0.validation)) }
    }
}
