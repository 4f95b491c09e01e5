/// The collective operations data-parallel training needs, over a group of `size` processes
/// (ranks 0 ..< size): the boundary between Descent and the distributed engine underneath.
///
/// `SingleProcess` is the default: one rank, every call a no-op. `MPICommunicator` runs over
/// Open MPI, loaded at run time; `ThreadGroup` runs ranks as threads of one process (tests,
/// and trying data parallelism without MPI). Every rank must make the same calls in the same
/// order, as with MPI itself.
public protocol Communicator: AnyObject {
    /// This process's index in the group.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Replaces `buffer` on every rank by the element-wise reduction over all ranks' buffers.
    func allReduce(_ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation) throws
    /// The same for Double buffers (sums of losses and counts).
    func allReduce(_ buffer: UnsafeMutableBufferPointer<Double>, _ operation: ReductionOperation) throws
    /// Replaces `buffer` on every rank by `root`'s.
    func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws
    /// Returns once every rank has called it.
    func barrier() throws
}

/// How `allReduce` combines the ranks' values.
public enum ReductionOperation: String, Sendable, CaseIterable {
    case sum, min, max
}

extension Communicator {
    /// True on rank 0, the one that writes files and prints.
    public var isRoot: Bool { rank == 0 }

    /// `values` reduced over all ranks.
    public func allReduce(_ values: [Float], _ operation: ReductionOperation = .sum) throws -> [Float] {
        var values = values
        try values.withUnsafeMutableBufferPointer { try allReduce($0, operation) }
        return values
    }

    /// `values` reduced over all ranks.
    public func allReduce(_ values: [Double], _ operation: ReductionOperation = .sum) throws -> [Double] {
        var values = values
        try values.withUnsafeMutableBufferPointer { try allReduce($0, operation) }
        return values
    }

    /// `root`'s bytes on every rank, whatever their length elsewhere.
    public func broadcast(_ bytes: [UInt8], root: Int = 0) throws -> [UInt8] {
        var length = [Double(bytes.count)]
        if rank != root { length = [0] }
        try length.withUnsafeMutableBytes { try broadcast($0, root: root) }
        var received = rank == root ? bytes : [UInt8](repeating: 0, count: Int(length[0]))
        try received.withUnsafeMutableBytes { try broadcast($0, root: root) }
        return received
    }

    /// The rows `0 ..< count` of a batch this rank takes: a contiguous share, the first
    /// `count mod size` ranks taking one row more. A rank's share may be empty.
    public func share(of count: Int) -> Range<Int> { contiguousPart(index: rank, of: size, count: count) }
}

/// Part `index` of `parts` contiguous parts of 0 ..< `count`, the first `count mod parts` one
/// larger than the rest.
func contiguousPart(index: Int, of parts: Int, count: Int) -> Range<Int> {
    let (base, extra) = count.quotientAndRemainder(dividingBy: parts)
    let start = index * base + Swift.min(index, extra)
    return start..<(start + base + (index < extra ? 1 : 0))
}

/// One process alone: rank 0 of 1, every collective a no-op.
public final class SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allReduce(_ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation) {}
    public func allReduce(_ buffer: UnsafeMutableBufferPointer<Double>, _ operation: ReductionOperation) {}
    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) {}
    public func barrier() {}
}
