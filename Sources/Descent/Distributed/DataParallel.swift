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

    public init(communicator: any Communicator) {
        self.communicator = communicator
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
    public func synchronize(model: any Layer, optimizer: any OptimizerProtocol, fingerprint: String = "") throws {
        let parameters = model.parameters
        let description = parameters.map { "\($0.path) \($0.parameter.value.shape)" } + ["fingerprint \(fingerprint)"]
        let root = String(decoding: try communicator.broadcast(Array(description.joined(separator: "\n").utf8)), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = Self.firstDifference(mine: description, root: root)
        let anyDifferent = try communicator.allReduce([Double(difference == nil ? 0 : 1)], .max)[0]
        if let difference {
            throw DescentError.invalidArgument(name: "rank \(communicator.rank)'s model", value: difference.mine,
                                               expected: "what rank 0 has (\(difference.root)): every rank must run the same experiment and model")
        }
        guard anyDifferent == 0 else {
            throw DescentError.invalidArgument(name: "rank \(communicator.rank)", value: "stopped",
                                               expected: "every rank with rank 0's model and experiment: another rank's differ (its error names the first difference)")
        }
        for (_, parameter) in parameters { try broadcast(&parameter.value) }
        var state = optimizer.checkpoint()
        for path in state.slots.keys.sorted() {
            for name in state.slots[path]!.keys.sorted() { try broadcast(&state.slots[path]![name]!) }
        }
        for path in state.accumulatedGradients.keys.sorted() { try broadcast(&state.accumulatedGradients[path]!) }
        try optimizer.restore(state)
    }

    /// The first line where `mine` and `root` differ, or nil.
    static func firstDifference(mine: [String], root: [String]) -> (mine: String, root: String)? {
        for index in 0..<Swift.max(mine.count, root.count) where mine[safe: index] != root[safe: index] {
            return (mine[safe: index] ?? "nothing (fewer parameters)", root[safe: index] ?? "nothing (fewer parameters)")
        }
        return nil
    }

    private func broadcast(_ tensor: inout Tensor) throws {
        var scalars = tensor.scalars
        try scalars.withUnsafeMutableBytes { try communicator.broadcast($0, root: 0) }
        tensor = Tensor(shape: tensor.shape, scalars: scalars)
    }

    /// Sums the trainable parameters' gradients over the ranks, bucket by bucket in parameter
    /// order; a missing gradient counts as zeros, and a parameter whose gradient is missing on
    /// every rank keeps none.
    public func reduceGradients(_ parameters: [(path: String, parameter: Parameter)]) throws {
        let trainable = parameters.map(\.parameter).filter(\.isTrainable)
        let present = try timed { try communicator.allReduce(trainable.map { $0.gradient == nil ? Float(0) : 1 }, .max) }
        let reduced = zip(trainable, present).filter { $0.1 > 0 }.map(\.0)
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

    /// `totals` summed over the ranks (losses, metric totals, sample counts).
    public func sum(_ totals: [Double]) throws -> [Double] { try timed { try communicator.allReduce(totals, .sum) } }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
