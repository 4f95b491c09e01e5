import Foundation

/// The batches of one epoch, prepared ahead on a background thread: gathered from the loader's
/// order and augmented, at most `depth` waiting in a bounded queue, handed out in order.
///
/// Determinism: the augmentation draws from a private copy of its stream, taken when the epoch
/// starts, and every prepared batch carries the stream's position after it. When the trainer
/// takes a batch it moves the augmentation's own generator to that position (`adopt`), so a
/// checkpoint taken after batch b records exactly what an unprefetched run records after batch
/// b, and the batches are the same bit for bit. With `depth` 0 each batch is prepared on the
/// caller's thread when asked for, through the same code.
///
/// The producer thread is stopped and joined by `finish()` (and at deinit), also when the epoch
/// ends early: no thread outlives the epoch.
final class BatchPrefetcher: @unchecked Sendable {
    /// A batch ready to train on.
    struct Batch {
        var features: Tensor
        var targets: Tensor
        /// The augmentation stream's position after this batch; nil without augmentation.
        var augmentationState: RandomState?
        /// The rows of the whole batch, of which `features` may be this rank's share.
        var globalRows: Int
    }

    private let prepare: (Int) -> Batch
    private let indices: Range<Int>
    private let depth: Int
    // Shared state, guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [Batch] = []
    private var isCancelled = false
    private var isProducerDone = true
    private var nextIndex: Int

    /// The batches `indices` of the epoch in `order` of `loader`, augmented by `augmentation`
    /// from its generator's current position. With `share` (data parallelism) a batch holds only
    /// the rows `share(batch size)` of each batch; the augmentation still draws for the whole
    /// batch, so that its stream, and every image's draw, is the same on every rank and for any
    /// number of ranks.
    init(loader: BatchLoader, order: [Int], indices: Range<Int>, augmentation: (any Augmentation)?, depth: Int,
         share: ((Int) -> Range<Int>)? = nil) {
        let stream = augmentation.map { RandomGenerator(state: $0.generator.state) }
        prepare = { index in
            let rows = loader.rows(index, of: order)
            guard let augmentation, let stream else {
                let local = share.map { Array(rows[$0(rows.count).shifted(by: rows.startIndex)]) } ?? Array(rows)
                return Batch(features: loader.features.gathering(rows: local), targets: loader.targets.gathering(rows: local),
                             augmentationState: nil, globalRows: rows.count)
            }
            let (features, targets) = (loader.features.gathering(rows: Array(rows)), loader.targets.gathering(rows: Array(rows)))
            let augmented = augmentation(features, using: stream)
            guard let local = share?(rows.count) else {
                return Batch(features: augmented, targets: targets, augmentationState: stream.state, globalRows: rows.count)
            }
            return Batch(features: augmented.slice(alongAxis: 0, local), targets: targets.slice(alongAxis: 0, local),
                         augmentationState: stream.state, globalRows: rows.count)
        }
        (self.indices, self.depth, nextIndex) = (indices, depth, indices.lowerBound)
        guard depth > 0, !indices.isEmpty else { return }
        isProducerDone = false
        let thread = Thread { [self] in produce() }
        thread.name = "descent.prefetch"
        thread.start()
    }

    deinit { finish() }

    /// The next batch, waiting for the producer when it is behind.
    func next() -> Batch {
        precondition(nextIndex < indices.upperBound, "BatchPrefetcher: asked for a batch past the epoch's \(indices)")
        defer { nextIndex += 1 }
        guard depth > 0 else { return prepare(nextIndex) }
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty { condition.wait() }
        let batch = ready.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Stops the producer (it may be waiting for room) and waits until it has returned.
    func finish() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        while !isProducerDone { condition.wait() }
        condition.unlock()
    }

    /// The producer thread: prepares the batches in order, waiting while `depth` are ready.
    private func produce() {
        for index in indices {
            let batch = prepare(index)
            condition.lock()
            while ready.count >= depth && !isCancelled { condition.wait() }
            if isCancelled {
                condition.unlock()
                break
            }
            ready.append(batch)
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        isProducerDone = true
        condition.broadcast()
        condition.unlock()
    }
}

extension Range where Bound == Int {
    /// The range moved by `offset`.
    fileprivate func shifted(by offset: Int) -> Range<Int> { (lowerBound + offset)..<(upperBound + offset) }
}

extension Augmentation {
    /// Moves the generator to `state`, the position after the batch just taken from a prefetcher.
    func adopt(_ state: RandomState?) {
        if let state { generator = RandomGenerator(state: state) }
    }
}
