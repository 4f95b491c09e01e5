/// What a loss expects as targets, so that a caller can check a loss against the data before
/// training (`LossRegistry.targetKind(of:)`, `Loss.targetKind`).
public enum LossTargetKind: String, Sendable, CaseIterable {
    /// Class indices [N] stored as Float (one-hot or soft rows [N, K] also work); the model
    /// gives one score per class, [N, K].
    case classIndices = "class_indices"
    /// Two classes as 0/1 (hinge losses also take ±1); the model gives one score per sample, [N, 1].
    case binaryLabels = "binary_labels"
    /// Real numbers of the predictions' shape (regression).
    case numbers
    /// Probability rows [N, K] (class indices [N] are read as one-hot rows); the model gives
    /// probabilities [N, K], so it ends in a softmax.
    case distributions

    /// Whether data with `classCount` classes (nil: numeric targets) suits this kind.
    ///
    ///     accepts(classCount: 3)    // classIndices, distributions
    ///     accepts(classCount: 2)    // also binaryLabels
    ///     accepts(classCount: nil)  // numbers, distributions
    public func accepts(classCount: Int?) -> Bool {
        switch self {
        case .classIndices: return classCount != nil
        case .binaryLabels: return classCount == 2
        case .numbers: return classCount == nil
        case .distributions: return true
        }
    }

    /// How many outputs per sample the model needs for data with `classCount` classes, or with
    /// `targetWidth` numbers per sample when the targets are numeric.
    public func outputsPerSample(classCount: Int?, targetWidth: Int) -> Int {
        if self == .binaryLabels { return 1 }
        return classCount ?? targetWidth
    }
}

/// The targets of scores `predictions` [N, K] as an [N, K] distribution (see below); `loss`
/// names the caller in messages.
func classDistribution(for predictions: Tensor, _ targets: Tensor, loss: String) -> Tensor {
    precondition(predictions.rank == 2, "\(loss): predictions must be [N, K], got \(predictions.shape)")
    return classDistribution(targets, rows: predictions.shape[0], classes: predictions.shape[1], loss: loss)
}

/// The mean over all elements of `f(ŷ − y)`, for losses of the error ŷ − y; `loss` names the
/// caller in messages.
func meanOfError(_ predictions: Tensor, _ targets: Tensor, loss: String, _ f: (Tensor) -> Tensor) -> Tensor {
    precondition(predictions.shape == targets.shape,
                 "\(loss): predictions \(predictions.shape) and targets \(targets.shape) differ")
    return f(predictions - targets).mean()
}

/// Targets as an [N, K] distribution: class indices [N] (or [N, 1]) become one-hot rows;
/// [N, K] passes through. `loss` names the caller in messages.
func classDistribution(_ targets: Tensor, rows n: Int, classes k: Int, loss: String) -> Tensor {
    if targets.shape == [n, k] { return targets }
    precondition(targets.count == n && targets.rank <= 2,
                 "\(loss): targets must be class indices [\(n)] or one-hot [\(n), \(k)], got \(targets.shape)")
    var oneHot = [Float](repeating: 0, count: n * k)
    for (row, label) in targets.scalars.enumerated() {
        let index = Int(exactly: label) ?? -1
        precondition(index >= 0 && index < k,
                     "\(loss): label \(label) in row \(row) is not a class index in 0..<\(k)")
        oneHot[row * k + index] = 1
    }
    return Tensor(shape: [n, k], scalars: oneHot)
}
