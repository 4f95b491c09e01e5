/// The mini-batches of one training set, reshuffled each epoch: what `Trainer.fit` trains on.
///
/// Each epoch draws its order as the next permutation of `shuffler`, a generator seeded with
/// `seed`, so epoch e's order is the (e+1)-th permutation of that stream; a checkpoint records
/// the shuffler's position, and a resumed fit draws the same orders. The last partial batch is
/// used unless `dropLast`. Without `shuffle` every epoch runs in sample order and draws nothing.
///
/// ```swift
/// let loader = try BatchLoader(train, batchSize: 32, seed: 1)
/// let history = try trainer.fit(loader, epochs: 10)
/// for batch in loader.batches(epoch: 0) { … batch.features … }   // or look at one epoch
/// ```
public struct BatchLoader {
    public let features: Tensor
    public let targets: Tensor
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public let seed: UInt64
    /// The stream the epochs' permutations are drawn from; `fit` advances it once per epoch.
    public var shuffler: RandomGenerator

    /// Batches of `features` and `targets` (axis 0 is the sample); throws for a batch size
    /// below 1, or one larger than the data when dropping the last partial batch.
    public init(features: Tensor, targets: Tensor, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 0) throws {
        guard batchSize >= 1 else { throw DescentError.invalidArgument(name: "batchSize", value: "\(batchSize)", expected: "an integer ≥ 1") }
        try Self.checkSamples(features, targets)
        guard features.shape[0] >= (dropLast ? batchSize : 1) else {
            throw DescentError.invalidArgument(name: "batchSize", value: "\(batchSize)", expected: "at most the \(features.shape[0]) samples when dropping the last partial batch")
        }
        (self.features, self.targets, self.batchSize, self.shuffle, self.dropLast, self.seed) = (features, targets, batchSize, shuffle, dropLast, seed)
        shuffler = RandomGenerator(seed: seed)
    }

    /// Throws unless `features` and `targets` hold the same number of samples (axis 0), at least one.
    static func checkSamples(_ features: Tensor, _ targets: Tensor) throws {
        guard features.rank >= 1, targets.rank >= 1, features.shape[0] == targets.shape[0], features.shape[0] > 0 else {
            throw DescentError.invalidArgument(name: "training data", value: "inputs \(features.shape), targets \(targets.shape)",
                                               expected: "the same number of samples (axis 0), at least one")
        }
    }

    /// The batches of a dataset.
    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 0) throws {
        try self.init(features: dataset.features, targets: dataset.targets, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, seed: seed)
    }

    /// Samples per epoch.
    public var sampleCount: Int { features.shape[0] }

    /// Batches per epoch.
    public var batchCount: Int { dropLast ? sampleCount / batchSize : (sampleCount + batchSize - 1) / batchSize }

    /// The next epoch's order of samples, drawn from `shuffler`.
    public func nextOrder() -> [Int] { shuffle ? shuffler.permutation(sampleCount) : Array(0..<sampleCount) }

    /// The order of `epoch` (counted from 0) of a loader fresh from its seed.
    public func order(epoch: Int) -> [Int] {
        let fresh = RandomGenerator(seed: seed)
        guard shuffle else { return Array(0..<sampleCount) }
        for _ in 0..<epoch { _ = fresh.permutation(sampleCount) }
        return fresh.permutation(sampleCount)
    }

    /// The sample indices of batch `index` of an epoch in `order`.
    public func rows(_ index: Int, of order: [Int]) -> ArraySlice<Int> {
        order[(index * batchSize)..<Swift.min(order.count, (index + 1) * batchSize)]
    }

    /// Batch `index` of an epoch in `order`.
    public func batch(_ index: Int, of order: [Int]) -> (features: Tensor, targets: Tensor) {
        let rows = Array(rows(index, of: order))
        return (features.gathering(rows: rows), targets.gathering(rows: rows))
    }

    /// The batches of `epoch` of a loader fresh from its seed, gathered lazily one at a time.
    public func batches(epoch: Int) -> some Sequence<(features: Tensor, targets: Tensor)> {
        let order = order(epoch: epoch)
        let loader = self
        return (0..<batchCount).lazy.map { loader.batch($0, of: order) }
    }
}
