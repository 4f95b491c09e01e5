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
    /// from its generator's current position.
    init(loader: BatchLoader, order: [Int], indices: Range<Int>, augmentation: (any Augmentation)?, depth: Int) {
        let stream = augmentation.map { RandomGenerator(state: $0.generator.state) }
        prepare = { index in
            let (features, targets) = loader.batch(index, of: order)
            guard let augmentation, let stream else { return Batch(features: features, targets: targets, augmentationState: nil) }
            return Batch(features: augmentation(features, using: stream), targets: targets, augmentationState: stream.state)
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

extension Augmentation {
    /// Moves the generator to `state`, the position after the batch just taken from a prefetcher.
    func adopt(_ state: RandomState?) {
        if let state { generator = RandomGenerator(state: state) }
    }
}
