extension SanityChecks {
    /// Trains on `overfitSamples` samples spread over the training data for `overfitSteps`
    /// full-batch steps with the trainer's own optimizer (without regularization penalties),
    /// then compares the loss in evaluation mode with the loss before. Weights, running
    /// statistics and the optimizer state are put back afterwards.
    func overfitBatch(_ trainer: Trainer, _ x: Tensor, _ y: Tensor) -> SanityCheckResult {
        let rows = Self.rows(overfitSamples, of: x.shape[0], spread: true)
        let (xs, ys) = (x.gathering(rows: rows), y.gathering(rows: rows))
        let model = trainer.model, optimizer = trainer.optimizer
        let weights = ParameterSnapshot(of: model)
        let optimizerState = optimizer.checkpoint()
        let wasTraining = model.isTraining
        defer {
            weights.restore()
            try? optimizer.restore(optimizerState)
            optimizer.zeroGradients()
            if wasTraining { model.train() } else { model.eval() }
        }
        let evaluate = { Double(withoutGradients { trainer.loss(trainer.predict(xs), ys).scalar }) }
        let initial = evaluate()
        model.train()
        optimizer.zeroGradients()
        for _ in 0..<overfitSteps {
            let loss = trainer.loss(model(xs), ys)
            guard loss.scalar.isFinite else { break }
            loss.backward()
            optimizer.update()
            optimizer.zeroGradients()
        }
        let final = evaluate()
        let target = overfitLossFraction * Swift.max(initial, 1)
        let measured = ["initial_loss": initial, "final_loss": final, "target": target]
        let what = "\(rows.count) samples, \(overfitSteps) steps of \(optimizer.ruleName) at learning rate \(Self.format(Double(optimizer.learningRate)))"
        if final.isFinite && final <= target {
            return SanityCheckResult(name: "overfit-batch", status: .passed, message: "the loss fell from \(Self.format(initial)) to \(Self.format(final)) on \(what)", measured: measured)
        }
        let hint = !final.isFinite
            ? "the loss became \(final): the learning rate is too high"
            : final > 1.01 * initial
            ? "the loss rose \(Self.format(final / initial))-fold: the learning rate (\(Self.format(Double(optimizer.learningRate)))) is too high; try a tenth of it (descent lr-find suggests one)"
            : final >= 0.99 * initial
            ? "the loss did not move: check that the learning rate (\(Self.format(Double(optimizer.learningRate)))) is not 0 and that gradients reach the parameters (frozen layers, a detached output)"
            : "the model cannot memorize a small batch: too little capacity, a learning rate too low for this many steps, or a wiring bug (labels shuffled against inputs, wrong loss for the outputs)"
        return SanityCheckResult(name: "overfit-batch", status: .failed, message: "the loss went from \(Self.format(initial)) to \(Self.format(final)), above the target \(Self.format(target)), on \(what): \(hint)", measured: measured)
    }
}
