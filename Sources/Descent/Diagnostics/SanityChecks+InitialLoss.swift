import Foundation

extension SanityChecks {
    /// The loss of the untrained model on up to 512 training samples, in evaluation mode,
    /// against what an uninformed model scores:
    ///
    ///     softmax cross-entropy, K outputs    ln K       (uniform probabilities 1/K)
    ///     binary cross-entropy                ln 2
    ///     squared error                       reported beside E[y²] (predicting 0) and Var(y)
    ///
    /// The entropy of the label distribution (the best constant prediction) is reported too:
    /// below ln K it means the classes are unbalanced.
    func initialLoss(_ trainer: Trainer, _ x: Tensor, _ y: Tensor) -> SanityCheckResult {
        let rows = Self.rows(512, of: x.shape[0], spread: true)
        let (xs, ys) = (x.gathering(rows: rows), y.gathering(rows: rows))
        let output = trainer.predict(xs)
        let loss = Double(withoutGradients { trainer.loss(output, ys).scalar })
        let name = "initial-loss"
        guard loss.isFinite else {
            return SanityCheckResult(name: name, status: .failed, message: "the initial loss is \(loss): check the inputs for NaN/inf and the initialization scale", measured: ["loss": loss])
        }
        let expected: Double
        var extra = ""
        switch trainer.loss {
        case is SoftmaxCrossEntropy:
            let classes = output.shape.last ?? 1
            expected = Foundation.log(Double(classes))
            if ys.rank == 1 {
                let entropy = Self.labelEntropy(ys.scalars)
                if entropy < 0.9 * expected { extra = "; the labels' entropy is \(Self.format(entropy)) (unbalanced classes)" }
            }
            extra = " (ln \(classes) for \(classes) classes)" + extra
        case is BinaryCrossEntropy:
            expected = Foundation.log(2.0)
            extra = " (ln 2)"
        case is MeanSquaredError:
            let values = ys.scalars.map(Double.init)
            let meanSquare = values.reduce(0) { $0 + $1 * $1 } / Double(Swift.max(values.count, 1))
            let mean = values.reduce(0, +) / Double(Swift.max(values.count, 1))
            let status: SanityCheckResult.Status = loss > 10 * Swift.max(meanSquare, 1e-12) ? .warning : .passed
            let hint = status == .passed ? "" : "; far above E[y²]: the outputs start too large (initialization scale, unscaled targets)"
            return SanityCheckResult(
                name: name, status: status,
                message: "initial loss \(Self.format(loss)); predicting 0 scores E[y²] = \(Self.format(meanSquare)), predicting the mean scores Var(y) = \(Self.format(meanSquare - mean * mean))\(hint)",
                measured: ["loss": loss, "mean_square": meanSquare, "variance": meanSquare - mean * mean])
        default:
            return SanityCheckResult(name: name, status: .skipped, message: "initial loss \(Self.format(loss)); no reference value for the loss '\(trainer.loss.name)'", measured: ["loss": loss])
        }
        let deviation = loss / expected - 1
        let measured = ["loss": loss, "expected": expected]
        guard Swift.abs(deviation) > initialLossTolerance else {
            return SanityCheckResult(name: name, status: .passed, message: "initial loss \(Self.format(loss)), expected about \(Self.format(expected))\(extra)", measured: measured)
        }
        return SanityCheckResult(
            name: name, status: .failed,
            message: "initial loss \(Self.format(loss)) is \(Self.format(Swift.abs(deviation) * 100)) % \(deviation > 0 ? "above" : "below") the expected \(Self.format(expected))\(extra): check that the output layer has no activation (the loss takes logits), that its initial weights are small, and that the labels match the outputs",
            measured: measured)
    }

    /// H = −Σₖ pₖ ln pₖ of the label frequencies.
    static func labelEntropy(_ labels: [Float]) -> Double {
        var counts: [Float: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        let n = Double(labels.count)
        return counts.values.reduce(0.0) { total, count in
            let p = Double(count) / n
            return total - p * Foundation.log(p)
        }
    }
}
