import Foundation

extension Trainer {
    /// The forward and backward pass of one batch: its loss (the mean over the global batch),
    /// its penalty and its metric totals. Under data parallelism the rank's `features` are its
    /// share of the `globalRows`; the gradients and totals are then summed over the ranks
    /// (`DataParallel`), so that every rank returns the same numbers. The loss may be
    /// non-finite: the caller stops before updating.
    func computeGradients(_ features: Tensor, _ targets: Tensor, globalRows: Int) throws -> (loss: Float, penalty: Float?, metricTotals: [Double]) {
        guard let dataParallel else {
            let output = model(features)
            let batchLoss = loss(output, targets)
            guard batchLoss.scalar.isFinite else { return (batchLoss.scalar, nil, []) }
            let penalty = model.regularizationLoss()  // logged as `penalty`, apart from `loss`
            (penalty.map { batchLoss + $0 } ?? batchLoss).backward()
            return (batchLoss.scalar, penalty?.scalar, metrics.map { $0.total(output.detached(), targets) })
        }
        let rows = features.shape[0]
        let penalty = model.regularizationLoss()
        var totals = [Double](repeating: 0, count: 2 + metrics.count)   // loss·rows, penalty·rows, metric totals
        if rows > 0 {
            try dataParallel.withRankStreams(model) {
                let output = model(features)
                let batchLoss = loss(output, targets)
                ((penalty.map { batchLoss + $0 } ?? batchLoss) * (Float(rows) / Float(globalRows))).backward()
                totals[0] = Double(batchLoss.scalar) * Double(rows)
                totals[1] = penalty.map { Double($0.scalar) * Double(rows) } ?? 0
                for (i, metric) in metrics.enumerated() { totals[2 + i] = metric.total(output.detached(), targets) }
            }
        }
        try dataParallel.reduceGradients(model.parameters)
        let global = try dataParallel.sum(totals)
        return (Float(global[0] / Double(globalRows)), penalty.map { _ in Float(global[1] / Double(globalRows)) }, Array(global[2...]))
    }

    /// `evaluate` under data parallelism: each rank evaluates its contiguous share of `x` and
    /// the totals are summed over the ranks, so every rank returns the numbers of the whole set.
    /// Without `dataParallel` it is `evaluate`.
    public func distributedEvaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 256) throws -> [MetricKey: Double] {
        guard let dataParallel else { return evaluate(x, y, batchSize: batchSize) }
        let (lossTotal, metricTotals) = evaluationTotals(x, y, rows: dataParallel.communicator.share(of: x.shape[0]), batchSize: batchSize)
        let global = try dataParallel.sum([lossTotal] + metricTotals)
        return evaluationResult(lossTotal: global[0], metricTotals: Array(global[1...]), count: x.shape[0])
    }

    /// Loss·samples and metric totals over the samples `rows` of `x`, in batches.
    func evaluationTotals(_ x: Tensor, _ y: Tensor, rows: Range<Int>, batchSize: Int) -> (loss: Double, metrics: [Double]) {
        var lossTotal = 0.0
        var metricTotals = [Double](repeating: 0, count: metrics.count)
        for start in stride(from: rows.lowerBound, to: rows.upperBound, by: batchSize) {
            let range = start..<min(rows.upperBound, start + batchSize)
            let yb = y.slice(alongAxis: 0, range)
            let output = predict(x.slice(alongAxis: 0, range), batchSize: range.count)
            lossTotal += Double(withoutGradients { loss(output, yb).scalar }) * Double(range.count)
            for (i, metric) in metrics.enumerated() { metricTotals[i] += metric.total(output, yb) }
        }
        return (lossTotal, metricTotals)
    }
}

extension DataParallel {
    /// Runs `body` with every random stream of `model` (dropout masks, noise) replaced by one of
    /// this rank's own, keyed by the common stream's position and the rank, then advances the
    /// common streams by one draw. Ranks so draw different masks for their different rows, and
    /// the streams a checkpoint records stay the same on every rank. One rank alone draws from
    /// the streams themselves.
    func withRankStreams(_ model: any Layer, _ body: () throws -> Void) rethrows {
        guard communicator.size > 1 else { return try body() }
        let owners = GeneratorStates.owners(model: model, augmentation: nil).map(\.1)
        var streams: [(shared: RandomGenerator, own: RandomGenerator)] = []
        for owner in owners {
            let shared = owner.generator
            if let pair = streams.first(where: { $0.shared === shared }) {
                owner.generator = pair.own   // layers that share a stream share the rank's too
                continue
            }
            let position = shared.state
            let key = position.seed ^ (position.blockCounter &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(position.wordIndex) << 56)
                ^ (UInt64(communicator.rank + 1) &* 0xD1B5_4A32_D192_ED03)
            let own = RandomGenerator(seed: key)
            streams.append((shared, own))
            owner.generator = own
        }
        defer {
            for owner in owners {
                if let pair = streams.first(where: { $0.own === owner.generator }) { owner.generator = pair.shared }
            }
            for pair in streams { _ = pair.shared.next() }
        }
        try body()
    }
}
