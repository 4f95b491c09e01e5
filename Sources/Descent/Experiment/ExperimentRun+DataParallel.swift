import Foundation

extension ExperimentRun {
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
