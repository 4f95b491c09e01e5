/// Mini-batches of a dataset, reshuffled each epoch from a seed.
///
/// The order of epoch e is a permutation drawn from a generator keyed by (seed, e), so epoch e
/// is the same whether or not earlier epochs were iterated (a resumed run sees the same
/// batches). With `dropLast`, a final batch smaller than `batchSize` is skipped.
///
/// ```swift
/// let loader = try BatchLoader(train, batchSize: 32, seed: 1)
/// for epoch in 0..<10 { for batch in loader.batches(epoch: epoch) { … batch.features … } }
/// ```
public struct BatchLoader {
    public let dataset: Dataset
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public let seed: UInt64

    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 0) throws {
        guard batchSize >= 1 else { throw DescentError.invalidArgument(name: "batchSize", value: "\(batchSize)", expected: "an integer ≥ 1") }
        guard dataset.count >= (dropLast ? batchSize : 1) else {
            throw DescentError.invalidArgument(name: "batchSize", value: "\(batchSize)", expected: "at most the \(dataset.count) samples when dropping the last partial batch")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.seed = seed
    }

    /// Batches per epoch.
    public var batchCount: Int { dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize }

    /// The sample order of `epoch` (counted from 0).
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<dataset.count) }
        return RandomGenerator(seed: seed &+ UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15).permutation(dataset.count)
    }

    /// The batches of `epoch`, gathered lazily one at a time.
    public func batches(epoch: Int) -> some Sequence<(features: Tensor, targets: Tensor)> {
        let order = order(epoch: epoch)
        let (size, data) = (batchSize, dataset)
        return (0..<batchCount).lazy.map { b in
            let rows = Array(order[(b * size)..<Swift.min(order.count, (b + 1) * size)])
            return (features: data.features.gathering(rows: rows), targets: data.targets.gathering(rows: rows))
        }
    }
}
