/// The error of a rank that stops because another rank failed, so that the failure is reported
/// once, on rank 0: the failing rank's message travels there as a `RankFailure`, and every
/// other rank ends with a `PeerFailure` that says nothing more (`descent` prints nothing for
/// it and exits with `status`).
public struct PeerFailure: Error, Sendable {
    /// 2 for bad input, 1 for a failed run.
    public let status: Int32
}

/// Another rank's error, as rank 0 reports it: "rank 1: <its message>".
public struct RankFailure: Error, CustomStringConvertible, Sendable {
    public let rank: Int
    public let message: String
    public var description: String { "rank \(rank): \(message)" }
}

extension ExperimentRun {
    /// Runs `body` on every rank and lets the ranks agree on whether it worked. When a rank's
    /// `body` threw, its message is sent to every rank: rank 0 throws it (the rank's own error
    /// when it is rank 0's, else a `RankFailure`), every other rank a `PeerFailure`, so the
    /// error is printed once and no rank goes on to wait for the failed one in a collective.
    /// `undo` takes back what a rank's successful `body` did when another rank failed.
    static func agreeing<T>(_ parallel: DataParallel?, undo: (T) -> Void = { _ in }, _ body: () throws -> T) throws -> T {
        guard let parallel, parallel.communicator.size > 1 else { return try body() }
        let communicator = parallel.communicator
        let outcome = Result(catching: body)
        var failure: Error?
        if case .failure(let error) = outcome { failure = error }
        // size − rank for a failed rank, 0 for one that worked: the maximum names the lowest failed rank
        let highest = try communicator.allReduce([failure == nil ? 0 : Double(communicator.size - communicator.rank)], .max)[0]
        guard highest > 0 else { return try outcome.get() }
        if case .success(let value) = outcome { undo(value) }
        let rank = communicator.size - Int(highest)
        let message = String(decoding: try communicator.broadcast(Array("\(failure.map { "\($0)" } ?? "")".utf8), root: rank), as: UTF8.self)
        guard communicator.isRoot else { throw PeerFailure(status: 2) }
        if rank == 0, let failure { throw failure }
        throw RankFailure(rank: rank, message: message)
    }
}
