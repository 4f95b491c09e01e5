import Foundation

extension SanityChecks {
    /// The data checks (see the type's documentation); the model is asked only for its number of
    /// outputs, on one sample.
    func dataChecks(_ trainer: Trainer, _ x: Tensor, _ y: Tensor, validationData: (Tensor, Tensor)?) -> [SanityCheckResult] {
        var results = [finiteValues(x, y, validationData)]
        guard results[0].status != .failed else { return results }
        let outputs = (try? trainer.model.outputShape(forInput: Array(x.shape.dropFirst())))?.last
        if trainer.loss is SoftmaxCrossEntropy, let outputs {
            results.append(labels(y, classes: outputs, validation: validationData?.1))
        }
        results.append(scaling(x, validation: validationData?.0))
        if trainer.loss is SoftmaxCrossEntropy, y.rank == 1, let (_, vy) = validationData, vy.rank == 1 {
            results.append(balance(y, vy))
        }
        return results
    }

    /// Samples aligned, and no NaN or infinity in inputs or targets.
    func finiteValues(_ x: Tensor, _ y: Tensor, _ validation: (Tensor, Tensor)?) -> SanityCheckResult {
        let name = "data-values"
        for (split, inputs, targets) in [("training", x, y)] + (validation.map { [("validation", $0.0, $0.1)] } ?? []) {
            guard inputs.shape.first == targets.shape.first else {
                return SanityCheckResult(name: name, status: .failed, message: "the \(split) split has \(inputs.shape.first ?? 0) inputs but \(targets.shape.first ?? 0) targets: inputs and labels are not aligned")
            }
            for (what, tensor) in [("input", inputs), ("target", targets)] {
                let bad = tensor.scalars.indices.filter { !tensor.scalars[$0].isFinite }
                if let first = bad.first {
                    let width = Swift.max(tensor.count / Swift.max(tensor.shape.first ?? 1, 1), 1)
                    return SanityCheckResult(
                        name: name, status: .failed,
                        message: "\(bad.count) \(what) values of the \(split) split are NaN or infinite, the first in sample \(first / width), column \(first % width): fix or drop them before training",
                        measured: ["non_finite": Double(bad.count)])
                }
            }
        }
        return SanityCheckResult(name: name, status: .passed, message: "\(x.shape[0]) training samples aligned with their targets; every value is finite")
    }

    /// Class-index labels are integers in 0..<K, K the model's outputs (one-hot rows sum to 1).
    func labels(_ y: Tensor, classes: Int, validation: Tensor?) -> SanityCheckResult {
        let name = "data-labels"
        for (split, labels) in [("training", y)] + (validation.map { [("validation", $0)] } ?? []) {
            if labels.rank == 2 && labels.shape[1] == classes {
                if let row = labels.rows.firstIndex(where: { Swift.abs($0.reduce(0, +) - 1) > 1e-3 }) {
                    return SanityCheckResult(name: name, status: .failed, message: "row \(row) of the \(split) one-hot targets sums to \(labels.rows[row].reduce(0, +)), not 1")
                }
                continue
            }
            guard labels.count == labels.shape.first else {
                return SanityCheckResult(name: name, status: .failed, message: "the \(split) targets have shape \(labels.shape); softmax cross-entropy takes class indices [N] or one-hot rows [N, \(classes)]")
            }
            if let row = labels.scalars.firstIndex(where: { $0 != $0.rounded() || $0 < 0 || Int($0) >= classes }) {
                return SanityCheckResult(
                    name: name, status: .failed,
                    message: "label \(labels.scalars[row]) in row \(row) of the \(split) split is not a class index in 0..<\(classes) (the model has \(classes) outputs): match the output layer to the number of classes, or re-encode the labels")
            }
        }
        return SanityCheckResult(name: name, status: .passed, message: "labels are class indices in 0..<\(classes), matching the model's \(classes) outputs")
    }

    /// Per-feature mean and standard deviation of the training inputs, and the shift of the
    /// validation means in units of the training σ.
    func scaling(_ x: Tensor, validation: Tensor?) -> SanityCheckResult {
        let stats = Self.featureMoments(x)
        let worstMean = stats.map { Swift.abs($0.mean) }.max() ?? 0
        let stds = stats.map(\.std)
        let (smallest, largest) = (stds.min() ?? 1, stds.max() ?? 1)
        var measured = ["max_abs_mean": worstMean, "min_std": smallest, "max_std": largest]
        var problems: [String] = []
        if let constant = stds.firstIndex(of: 0) { problems.append("feature \(constant) is constant") }
        if worstMean > 1 || smallest < 0.1 || largest > 10 {
            problems.append("features are not standardized (|mean| up to \(Self.format(worstMean)), σ from \(Self.format(smallest)) to \(Self.format(largest))): standardize with the training split's mean and σ")
        }
        if let validation {
            let shifts = zip(stats, Self.featureMoments(validation)).map { train, held in
                Swift.abs(held.mean - train.mean) / Swift.max(train.std, 1e-12)
            }
            let (feature, shift) = shifts.enumerated().max { $0.element < $1.element }.map { ($0.offset, $0.element) } ?? (0, 0)
            measured["max_mean_shift"] = shift
            if shift > 0.5 {
                problems.append("dataset shift: the validation mean of feature \(feature) is \(Self.format(shift)) training σ away from the training mean; split the data at random (stratified)")
            }
        }
        let status: SanityCheckResult.Status = problems.isEmpty ? .passed : .warning
        let message = problems.isEmpty
            ? "features look standardized (|mean| ≤ \(Self.format(worstMean)), σ in [\(Self.format(smallest)), \(Self.format(largest))])"
            : problems.joined(separator: "; ")
        return SanityCheckResult(name: "data-scaling", status: status, message: message, measured: measured)
    }

    /// Class frequencies in training and validation: imbalance and total-variation distance.
    func balance(_ y: Tensor, _ validation: Tensor) -> SanityCheckResult {
        let classes = Set(y.scalars).union(validation.scalars).sorted()
        let frequency = { (labels: [Float], c: Float) in Double(labels.filter { $0 == c }.count) / Double(Swift.max(labels.count, 1)) }
        let train = classes.map { frequency(y.scalars, $0) }
        let held = classes.map { frequency(validation.scalars, $0) }
        let distance = zip(train, held).reduce(0) { $0 + Swift.abs($1.0 - $1.1) } / 2
        let imbalance = (train.max() ?? 1) / Swift.max(train.min() ?? 1, 1e-12)
        var problems: [String] = []
        if let missing = zip(classes, train).first(where: { $0.1 == 0 }) { problems.append("class \(Int(missing.0)) appears in validation but never in training") }
        if distance > 0.1 { problems.append("dataset shift: the class frequencies of training and validation differ by \(Self.format(distance * 100)) % (total variation); use a stratified split") }
        if imbalance > 10 { problems.append("the largest class is \(Self.format(imbalance)) times the smallest: weight the classes or resample, and watch per-class metrics") }
        let message = problems.isEmpty
            ? "\(classes.count) classes; training and validation frequencies differ by \(Self.format(distance * 100)) % (total variation)"
            : problems.joined(separator: "; ")
        return SanityCheckResult(name: "data-balance", status: problems.isEmpty ? .passed : .warning, message: message,
                                 measured: ["total_variation": distance, "imbalance": imbalance])
    }

    /// Mean and σ of each feature (every axis after the first flattened).
    static func featureMoments(_ x: Tensor) -> [(mean: Double, std: Double)] {
        let n = x.shape.first ?? 0
        guard n > 0 else { return [] }
        let width = x.count / n
        var sums = [Double](repeating: 0, count: width), squares = sums
        for row in 0..<n {
            for column in 0..<width {
                let value = Double(x.scalars[row * width + column])
                sums[column] += value
                squares[column] += value * value
            }
        }
        return (0..<width).map { column in
            let mean = sums[column] / Double(n)
            return (mean, Swift.max(squares[column] / Double(n) - mean * mean, 0).squareRoot())
        }
    }
}
