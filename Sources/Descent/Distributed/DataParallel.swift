import Foundation

/// Data-parallel training over a `Communicator` (PyTorch's `DistributedDataParallel`, Horovod's
/// `DistributedOptimizer`): every rank holds the whole model; each global batch is split into
/// contiguous shares (`Communicator.share(of:)`), each rank computes the gradient of its share,
/// and the gradients are summed over the ranks before every update, so the optimizer (clipping,
/// accumulation, weight decay, any rule) sees what one process would.
///
///     local loss     L_r = (n_r / n) · mean over the rank's n_r rows     (n = the global batch)
///     gradient       g = Σ_r ∇L_r = ∇ (mean over all n rows)
///
/// The sum runs over buckets of gradients in the parameters' order (the first `firstBucketBytes`,
/// then `bucketBytes` each: DDP's 1 MB and 25 MB), one all-reduce per bucket, after the backward
/// pass. A parameter gets a gradient when any rank produced one for it. A rank whose share of a
/// (last, short) batch is empty contributes zeros and still takes part: no rank waits forever.
///
/// `Trainer.fit` with `Trainer.dataParallel` set calls `synchronize` first (rank 0's weights,
/// buffers and optimizer state to all, after checking that every rank has the same parameter
/// names and shapes), `reduceGradients` after each backward pass and `broadcastBuffers` after each
/// update (rank 0's BatchNorm running statistics to all, as DDP's `broadcast_buffers`).
public final class DataParallel {
    public let communicator: any Communicator
    /// The size of the first bucket, in bytes.
    public var firstBucketBytes = 1 << 20
    /// The size of every later bucket, in bytes.
    public var bucketBytes = 25 << 20
    /// Bytes all-reduced by the last `reduceGradients`.
    public private(set) var bytesPerStep = 0
    /// Seconds spent in collectives since the last `resetTimers()`.
    public private(set) var communicationSeconds = 0.0
    /// Gradient reductions since the last `resetTimers()`.
    public private(set) var steps = 0
    /// What every rank must share besides the model (the experiment's text): checked by `synchronize`.
    public var fingerprint = ""
    /// K > 0: every global batch is cut into K chunks, each computed alone (its random streams
    /// keyed by the chunk), exchanged whole and summed in chunk order, so that any number of
    /// ranks up to K gives the same weights bit for bit. 0: one pass per rank, summed by the
    /// communicator (faster; equal to one process within float rounding).
    public var fixedOrderChunks = 0

    public init(communicator: any Communicator) {
        self.communicator = communicator
    }

    /// The rows of a global batch of `count` this rank computes: its share, or with fixed-order
    /// chunks the rows of its share of the chunks.
    public func localRows(ofBatch count: Int) -> Range<Int> {
        guard fixedOrderChunks > 0 else { return communicator.share(of: count) }
        let chunks = communicator.share(of: fixedOrderChunks)
        guard !chunks.isEmpty else { return 0..<0 }
        return contiguousPart(index: chunks.lowerBound, of: fixedOrderChunks, count: count).lowerBound
            ..< contiguousPart(index: chunks.upperBound - 1, of: fixedOrderChunks, count: count).upperBound
    }

    /// Zeroes `communicationSeconds` and `steps`.
    public func resetTimers() { (communicationSeconds, steps) = (0, 0) }

    private func timed<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { communicationSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }

    /// Checks that every rank has the same parameters (names and shapes, in order) and the same
    /// `fingerprint` (e.g. the experiment's text), failing on every rank with the first difference
    /// instead of hanging in a later collective; then copies rank 0's parameters, buffers and
    /// optimizer state to all ranks.
    public func synchronize(model: any Layer, optimizer: any OptimizerProtocol) throws {
        let parameters = model.parameters
        let description = parameters.map { "parameter \($0.path) of shape \($0.parameter.value.shape)" }
            + ["experiment \(Self.hash(fingerprint))"]
        let root = String(decoding: try communicator.broadcast(Array(description.joined(separator: "\n").utf8)), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let mismatch = (0..<Swift.max(description.count, root.count)).first { description[safe: $0] != root[safe: $0] }
        let agreed = try communicator.allReduce([-Double(mismatch ?? Int(Int32.max)), mismatch == nil ? -1 : Double(communicator.rank)], .max)
        if agreed[1] >= 0 {
            let line = Int(-agreed[0]), rank = Int(agreed[1])
            let what = root[safe: line].map { $0.hasPrefix("experiment") ? "the experiment (only where the run folder goes may differ)" : "rank 0's \($0)" }
                ?? "rank 0's parameters, which end there"
            guard communicator.isRoot else { throw PeerFailure(status: 2) }
            throw DescentError.invalidArgument(name: "rank \(rank)", value: "a different model or experiment",
                                               expected: "the same on every rank; the first difference is at \(what): start every rank with the same experiment file or flags")
        }
        for (_, parameter) in parameters { try broadcast(&parameter.value) }
        var state = optimizer.checkpoint()
        for path in state.slots.keys.sorted() {
            for name in state.slots[path]!.keys.sorted() { try broadcast(&state.slots[path]![name]!) }
        }
        for path in state.accumulatedGradients.keys.sorted() { try broadcast(&state.accumulatedGradients[path]!) }
        try optimizer.restore(state)
    }

    /// FNV-1a (64-bit) of `text`, as hex: a short, stable digest to compare across ranks.
    static func hash(_ text: String) -> String {
        let digest = text.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
        return String(digest, radix: 16)
    }

    private func broadcast(_ tensor: inout Tensor) throws {
        var scalars = tensor.scalars
        try scalars.withUnsafeMutableBytes { try communicator.broadcast($0, root: 0) }
        tensor = Tensor(shape: tensor.shape, scalars: scalars)
    }

    /// Sums the trainable parameters' gradients over the ranks, bucket by bucket in parameter
    /// order; a missing gradient counts as zeros, and a parameter whose gradient is missing on
    /// every rank keeps none. `totals` (losses, metric totals) travel with the first collective,
    /// the one that says which parameters have gradients; returns them summed over the ranks.
    @discardableResult
    public func reduceGradients(_ parameters: [(path: String, parameter: Parameter)], with totals: [Double] = []) throws -> [Double] {
        let trainable = parameters.map(\.parameter).filter(\.isTrainable)
        let summed = try timed { try communicator.allReduce(totals + trainable.map { $0.gradient == nil ? 0 : 1 }, .sum) }
        let reduced = zip(trainable, summed.suffix(trainable.count)).filter { $0.1 > 0 }.map(\.0)
        var bucket: [Parameter] = [], bucketCount = 0, limit = firstBucketBytes / 4
        bytesPerStep = 0
        func flush() throws {
            guard bucketCount > 0 else { return }
            var flat = [Float](repeating: 0, count: bucketCount)
            var offset = 0
            for parameter in bucket {
                let count = parameter.value.count
                if let gradient = parameter.gradient { flat.replaceSubrange(offset..<(offset + count), with: gradient.scalars) }
                offset += count
            }
            try timed { try flat.withUnsafeMutableBufferPointer { try communicator.allReduce($0, .sum) } }
            offset = 0
            for parameter in bucket {
                let count = parameter.value.count
                parameter.gradient = Tensor(shape: parameter.value.shape, scalars: Array(flat[offset..<(offset + count)]))
                offset += count
            }
            bytesPerStep += bucketCount * 4
            (bucket, bucketCount, limit) = ([], 0, bucketBytes / 4)
        }
        for parameter in reduced {
            if bucketCount > 0 && bucketCount + parameter.value.count > limit { try flush() }
            bucket.append(parameter)
            bucketCount += parameter.value.count
        }
        try flush()
        steps += 1
        return Array(summed.prefix(totals.count))
    }

    /// Copies rank 0's non-trainable tensors (BatchNorm's running statistics, frozen weights) to
    /// every rank, so that all ranks evaluate and checkpoint the same model.
    public func broadcastBuffers(_ parameters: [(path: String, parameter: Parameter)]) throws {
        let buffers = parameters.map(\.parameter).filter { !$0.isTrainable }
        guard !buffers.isEmpty else { return }
        var flat = buffers.flatMap(\.value.scalars)
        try timed { try flat.withUnsafeMutableBytes { try communicator.broadcast($0, root: 0) } }
        var offset = 0
        for buffer in buffers {
            let count = buffer.value.count
            buffer.value = Tensor(shape: buffer.value.shape, scalars: Array(flat[offset..<(offset + count)]))
            offset += count
        }
    }

    /// Makes every rank stop when one does (a checkpoint rank 0 could not write, a signal that
    /// reached one rank): the ranks agree on the most severe kind of stop; a rank that did not
    /// stop itself takes that kind with a message naming the rank that did. Without this, the
    /// ranks still training would wait forever for the one that stopped.
    func agreeOnStop(_ context: TrainingContext) throws {
        let kinds = StopReason.Kind.allCases
        let mine = context.stopReason.map { Double(kinds.firstIndex(of: $0.kind)! + 1) } ?? 0
        let agreed = try timed { try communicator.allReduce([mine, context.stopReason == nil ? -1 : Double(communicator.rank)], .max) }
        guard agreed[0] > 0, context.stopReason == nil else { return }
        context.stop(StopReason(kinds[Int(agreed[0]) - 1], "rank \(Int(agreed[1])) stopped training (its output says why)"))
    }

    /// `buffer` summed over the ranks in place (fixed-order chunk gradients), counted in `bytesPerStep`.
    func exchange(_ buffer: inout [Float]) throws {
        try timed { try buffer.withUnsafeMutableBufferPointer { try communicator.allReduce($0, .sum) } }
        bytesPerStep = buffer.count * 4
        steps += 1
    }

    /// `totals` summed over the ranks (losses, metric totals, sample counts).
    public func sum(_ totals: [Double]) throws -> [Double] { try timed { try communicator.allReduce(totals, .sum) } }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension Layer {
    /// Sets `BatchNorm.synchronization` on every BatchNorm in the tree (PyTorch's
    /// `SyncBatchNorm.convert_sync_batchnorm`).
    public func synchronizeBatchNorm(over communicator: (any Communicator)?) {
        if let norm = self as? BatchNorm { norm.synchronization = communicator }
        for (_, layer) in sublayers { layer.synchronizeBatchNorm(over: communicator) }
    }
}
