import Foundation

/// Ranks as threads of one process: a `Communicator` for each of `size` threads, with the
/// collectives of MPI implemented over shared memory. What tests of data-parallel training use,
/// and a way to try it without MPI (on one machine it only splits the cores differently).
///
/// Reductions add the ranks' values in rank order, so results do not depend on timing. When a
/// rank's body throws, the group is broken: every rank waiting in a collective, and every later
/// collective, throws instead of waiting forever.
///
/// ```swift
/// let results = try ThreadGroup.run(size: 2) { communicator in
///     try communicator.allReduce([Float(communicator.rank + 1)])   // [3] on both ranks
/// }
/// ```
public final class ThreadGroup: @unchecked Sendable {
    public let size: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var arrived = 0
    private var generation = 0
    private var isBroken = false
    private var slots: [UnsafeMutableRawPointer?]

    private init(size: Int) {
        self.size = size
        slots = Array(repeating: nil, count: size)
    }

    /// Runs `body` on `size` threads, each with its rank's communicator, and returns their
    /// results by rank; rethrows the first error (by rank) that did not come from the group
    /// breaking, after every thread has ended.
    public static func run<Result>(size: Int, _ body: @escaping (any Communicator) throws -> Result) throws -> [Result] {
        precondition(size >= 1, "ThreadGroup: size must be ≥ 1, got \(size)")
        let group = ThreadGroup(size: size)
        let outcomes = OutcomeSlots<Result>(count: size)
        let done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                do {
                    outcomes.set(rank, .success(try body(Member(group: group, rank: rank))))
                } catch {
                    outcomes.set(rank, .failure(error))
                    group.breakGroup()
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        let values = outcomes.values.map { $0! }
        // the error that broke the group, rather than the others' "broken"
        for case .failure(let error) in values where (error as? DescentError) != brokenError { throw error }
        return try values.map { try $0.get() }
    }

    private func breakGroup() {
        condition.lock()
        isBroken = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until all ranks arrive; throws when the group is broken.
    fileprivate func barrier() throws {
        condition.lock()
        defer { condition.unlock() }
        guard !isBroken else { throw Self.brokenError }
        let mine = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
            return
        }
        while generation == mine && !isBroken { condition.wait() }
        if generation == mine { throw Self.brokenError }   // a barrier every rank reached has passed
    }

    static let brokenError = DescentError.invalidArgument(name: "thread group", value: "broken", expected: "every rank alive: another rank failed")

    /// Deposits `pointer` for `rank`, waits for all, runs `body` on every rank's pointer, waits again.
    fileprivate func exchange(_ rank: Int, _ pointer: UnsafeMutableRawPointer?, _ body: ([UnsafeMutableRawPointer?]) -> Void) throws {
        condition.lock()
        slots[rank] = pointer
        condition.unlock()
        try barrier()
        condition.lock()
        let all = slots
        condition.unlock()
        body(all)
        try barrier()
    }

    private final class Member: Communicator {
        let group: ThreadGroup
        let rank: Int
        var size: Int { group.size }

        init(group: ThreadGroup, rank: Int) { (self.group, self.rank) = (group, rank) }

        func allReduce(_ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation) throws { try reduce(buffer, operation) }
        func allReduce(_ buffer: UnsafeMutableBufferPointer<Double>, _ operation: ReductionOperation) throws { try reduce(buffer, operation) }

        private func reduce<T: FloatingPoint>(_ buffer: UnsafeMutableBufferPointer<T>, _ operation: ReductionOperation) throws {
            var result = [T](repeating: 0, count: buffer.count)
            try group.exchange(rank, UnsafeMutableRawPointer(buffer.baseAddress)) { pointers in
                let views = pointers.map { UnsafeBufferPointer(start: $0?.assumingMemoryBound(to: T.self), count: buffer.count) }
                for i in 0..<buffer.count {
                    var value = views[0][i]
                    for view in views.dropFirst() {
                        switch operation {
                        case .sum: value += view[i]
                        case .min: value = Swift.min(value, view[i])
                        case .max: value = Swift.max(value, view[i])
                        }
                    }
                    result[i] = value
                }
            }
            for i in 0..<buffer.count { buffer[i] = result[i] }
            try group.barrier()   // nobody rewrites a buffer while another rank still reads it
        }

        func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
            var copy = [UInt8](repeating: 0, count: buffer.count)
            try group.exchange(rank, buffer.baseAddress) { pointers in
                if let source = pointers[root], !copy.isEmpty { copy.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: source, count: buffer.count)) } }
            }
            if rank != root, !copy.isEmpty { copy.withUnsafeBytes { buffer.copyMemory(from: $0) } }
            try group.barrier()
        }

        func barrier() throws { try group.barrier() }
    }
}

/// Each rank's result, written once by its thread.
private final class OutcomeSlots<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Swift.Result<Result, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ outcome: Swift.Result<Result, Error>) {
        lock.lock()
        slots[index] = outcome
        lock.unlock()
    }

    var values: [Swift.Result<Result, Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
