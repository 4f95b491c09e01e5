import Foundation

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

    /// Throws for more ranks than training samples, or than validation samples when there are
    /// some: a rank would never see data. Sanity checks, which train on one process, are for
    /// `descent check` first.
    static func checkWorldSize(_ size: Int, _ setup: ExperimentSetup) throws {
        let (train, validation) = (setup.parts.train.count, setup.parts.validation.count)
        if train < size || (validation > 0 && validation < size) {
            let (count, what) = train < size ? (train, "training") : (validation, "validation")
            throw DescentError.invalidArgument(name: "number of ranks", value: "\(size)", expected: "at most the \(count) \(what) samples, so that every rank gets some")
        }
        if setup.config.diagnostics.sanityChecks {
            throw DescentError.config(file: setup.config.file, keyPath: "diagnostics.sanity_checks", line: nil,
                                      problem: "runs on one process: run descent check with the same experiment first, then train on \(size) ranks without it")
        }
        let chunks = setup.config.distributed.fixedOrderChunks
        if chunks > 0 && chunks < size {
            throw DescentError.config(file: setup.config.file, keyPath: "distributed.fixed_order_chunks", line: nil,
                                      problem: "is \(chunks), fewer than the \(size) ranks: give at least one chunk per rank")
        }
        if setup.config.distributed.syncBatchNorm {
            let lastRows = setup.parts.train.count % setup.config.batchSize
            if lastRows > 0 && lastRows < size {
                throw DescentError.config(file: setup.config.file, keyPath: "distributed.sync_batch_norm", line: nil,
                                          problem: "needs a row for every rank in every batch; the last batch has \(lastRows) rows for \(size) ranks: change batch_size")
            }
        }
    }
}
