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
        if dataParallel.fixedOrderChunks > 0 {
            return try fixedOrderGradients(features, targets, globalRows: globalRows, penalty: penalty, dataParallel)
        }
        var totals = [Double](repeating: 0, count: 2 + metrics.count)   // loss·rows, penalty·rows, metric totals
        if rows > 0 {
            dataParallel.withStreams(of: model, key: dataParallel.communicator.size > 1 ? UInt64(dataParallel.communicator.rank + 1) : nil) {
                let output = model(features)
                let batchLoss = loss(output, targets)
                ((penalty.map { batchLoss + $0 } ?? batchLoss) * (Float(rows) / Float(globalRows))).backward()
                totals[0] = Double(batchLoss.scalar) * Double(rows)
                totals[1] = penalty.map { Double($0.scalar) * Double(rows) } ?? 0
                for (i, metric) in metrics.enumerated() { totals[2 + i] = metric.total(output.detached(), targets) }
            }
        }
        if dataParallel.communicator.size > 1 { dataParallel.advanceStreams(of: model) }
        let global = try dataParallel.reduceGradients(model.parameters, with: totals)
        return (Float(global[0] / Double(globalRows)), penalty.map { _ in Float(global[1] / Double(globalRows)) }, Array(global[2...]))
    }

    /// `computeGradients` with `DataParallel.fixedOrderChunks` K: each of this rank's chunks is
    /// computed alone and its gradient set aside; all ranks' chunk gradients are exchanged (an
    /// all-reduce of a buffer where each rank fills only its chunks' slots: adding zeros is
    /// exact) and summed in chunk order, so the result does not depend on the number of ranks.
    private func fixedOrderGradients(_ features: Tensor, _ targets: Tensor, globalRows: Int, penalty: Tensor?,
                                     _ dataParallel: DataParallel) throws -> (loss: Float, penalty: Float?, metricTotals: [Double]) {
        let chunks = dataParallel.fixedOrderChunks
        let trainable = model.parameters.map(\.parameter).filter(\.isTrainable)
        let offsets = trainable.reduce(into: [0]) { $0.append($0.last! + $1.value.count) }
        let width = offsets.last!, totalsWidth = 2 + metrics.count + trainable.count   // + a presence flag per parameter
        var gradients = [Float](repeating: 0, count: chunks * width)
        var totals = [Double](repeating: 0, count: chunks * totalsWidth)
        let localStart = dataParallel.localRows(ofBatch: globalRows).lowerBound
        for chunk in dataParallel.communicator.share(of: chunks) {
            let part = contiguousPart(index: chunk, of: chunks, count: globalRows)
            guard !part.isEmpty else { continue }
            let local = (part.lowerBound - localStart)..<(part.upperBound - localStart)
            let (xb, yb) = (features.slice(alongAxis: 0, local), targets.slice(alongAxis: 0, local))
            dataParallel.withStreams(of: model, key: UInt64(chunk + 1)) {
                let output = model(xb)
                let batchLoss = loss(output, yb)
                ((penalty.map { batchLoss + $0 } ?? batchLoss) * (Float(part.count) / Float(globalRows))).backward()
                let base = chunk * totalsWidth
                totals[base] = Double(batchLoss.scalar) * Double(part.count)
                totals[base + 1] = penalty.map { Double($0.scalar) * Double(part.count) } ?? 0
                for (i, metric) in metrics.enumerated() { totals[base + 2 + i] = metric.total(output.detached(), yb) }
            }
            for (i, parameter) in trainable.enumerated() {
                guard let gradient = parameter.gradient else { continue }
                gradients.replaceSubrange((chunk * width + offsets[i])..<(chunk * width + offsets[i + 1]), with: gradient.scalars)
                totals[chunk * totalsWidth + 2 + metrics.count + i] = 1
                parameter.gradient = nil
            }
        }
        dataParallel.advanceStreams(of: model)
        try dataParallel.exchange(&gradients)
        let global = try dataParallel.sum(totals)
        for (i, parameter) in trainable.enumerated() where (0..<chunks).contains(where: { global[$0 * totalsWidth + 2 + metrics.count + i] > 0 }) {
            var sum = [Float](repeating: 0, count: offsets[i + 1] - offsets[i])
            for chunk in 0..<chunks {
                let start = chunk * width + offsets[i]
                for j in sum.indices { sum[j] += gradients[start + j] }
            }
            parameter.gradient = Tensor(shape: parameter.value.shape, scalars: sum)
        }
        var summed = [Double](repeating: 0, count: 2 + metrics.count)
        for chunk in 0..<chunks {
            for j in summed.indices { summed[j] += global[chunk * totalsWidth + j] }
        }
        return (Float(summed[0] / Double(globalRows)), penalty.map { _ in Float(summed[1] / Double(globalRows)) }, Array(summed[2...]))
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
    /// Runs `body` with every random stream of `model` (dropout masks, noise) replaced by one
    /// keyed by the common stream's position and `key` (the rank, or a fixed-order chunk). Ranks
    /// so draw different masks for their different rows, and the streams a checkpoint records
    /// stay the same on every rank (`advanceStreams` moves them once per batch). Without a key,
    /// `body` draws from the streams themselves.
    func withStreams(of model: any Layer, key: UInt64?, _ body: () throws -> Void) rethrows {
        guard let key else { return try body() }
        let owners = GeneratorStates.owners(model: model, augmentation: nil).map(\.1)
        var streams: [(shared: RandomGenerator, own: RandomGenerator)] = []
        for owner in owners {
            let shared = owner.generator
            if let pair = streams.first(where: { $0.shared === shared }) {
                owner.generator = pair.own   // layers that share a stream share the rank's too
                continue
            }
            let position = shared.state
            let own = RandomGenerator(seed: position.seed ^ (position.blockCounter &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(position.wordIndex) << 56)
                                               ^ (key &* 0xD1B5_4A32_D192_ED03))
            streams.append((shared, own))
            owner.generator = own
        }
        defer {
            for owner in owners {
                if let pair = streams.first(where: { $0.own === owner.generator }) { owner.generator = pair.shared }
            }
        }
        try body()
    }

    /// Moves each of `model`'s common random streams by one draw, once per batch under
    /// `withStreams`, so that the next batch's keys differ.
    func advanceStreams(of model: any Layer) {
        var seen: [ObjectIdentifier] = []
        for (_, owner) in GeneratorStates.owners(model: model, augmentation: nil) where !seen.contains(ObjectIdentifier(owner.generator)) {
            seen.append(ObjectIdentifier(owner.generator))
            _ = owner.generator.next()
        }
    }
}
