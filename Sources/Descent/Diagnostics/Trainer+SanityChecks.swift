extension Trainer {
    /// Runs `checks` on this trainer's model, loss and optimizer (see `SanityChecks`).
    public func sanityCheck(_ x: Tensor, _ y: Tensor, validationData: (Tensor, Tensor)? = nil,
                            checks: SanityChecks = SanityChecks()) -> SanityReport {
        checks.run(self, x, y, validationData: validationData)
    }

    /// `fit` preceded by sanity checks: the report is printed (unless `verbosity` is silent),
    /// and when a check fails no epoch is run and the history's `stopReason` names the failures.
    ///
    /// ```swift
    /// let history = try trainer.fit(x, y, epochs: 50, validationData: (xv, yv), sanityChecks: SanityChecks())
    /// ```
    public func fit(
        _ x: Tensor, _ y: Tensor, epochs: Int, batchSize: Int = 32,
        validationData: (Tensor, Tensor)? = nil, validationSplit: Float = 0,
        shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 0,
        verbosity: Verbosity = .auto, callbacks: [any Callback] = [], sanityChecks: SanityChecks
    ) throws -> History {
        try Trainer.validate(x, y, epochs: epochs, batchSize: batchSize, validationSplit: validationSplit)
        var (trainX, trainY, validation) = (x, y, validationData)
        if validation == nil && validationSplit > 0 {  // the same split as `fit` makes
            let kept = x.shape[0] - Int((Float(x.shape[0]) * validationSplit).rounded())
            if kept > 0 && kept < x.shape[0] {
                validation = (x.slice(alongAxis: 0, kept..<x.shape[0]), y.slice(alongAxis: 0, kept..<y.shape[0]))
                (trainX, trainY) = (x.slice(alongAxis: 0, 0..<kept), y.slice(alongAxis: 0, 0..<kept))
            }
        }
        let report = sanityCheck(trainX, trainY, validationData: validation, checks: sanityChecks)
        if !verbosity.isSilent { print(report) }
        guard !report.hasFailures else {
            var history = History()
            let failed = report.results.filter { $0.status == .failed }.map(\.name)
            history.stopReason = StopReason(.sanityChecksFailed, "sanity checks failed (\(failed.joined(separator: ", "))); no epoch was run")
            return history
        }
        return try fit(x, y, epochs: epochs, batchSize: batchSize, validationData: validationData, validationSplit: validationSplit,
                       shuffle: shuffle, dropLast: dropLast, seed: seed, verbosity: verbosity, callbacks: callbacks)
    }
}
