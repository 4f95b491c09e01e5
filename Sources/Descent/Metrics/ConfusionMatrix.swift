/// Counts of (true class, predicted class) pairs over a whole dataset, and the measures that
/// need them: per-class precision, recall and F1, their macro averages, and accuracy.
///
///     counts[t][p] = number of samples of true class t predicted as p   (rows: truth, as scikit-learn)
///     precision_c = counts[c][c] / Σₜ counts[t][c]       (of those predicted c, how many are c)
///     recall_c    = counts[c][c] / Σₚ counts[c][p]       (of those that are c, how many were found)
///     F1_c        = 2·precision_c·recall_c / (precision_c + recall_c)
///     macro X     = mean of X_c over the classes that occur in the targets or the predictions
///
/// A ratio whose denominator is 0 is 0 (scikit-learn's `zero_division` result, without its
/// warning). Macro averages skip classes that never occur in either, as scikit-learn's
/// `precision_recall_fscore_support(average='macro')` does when `labels` is not given; macro F1
/// is the mean of the per-class F1 (scikit-learn), not the F1 of macro precision and recall.
///
/// These measures are ratios of sums over the dataset, not means of per-sample values, so they
/// cannot be averaged from per-batch values the way `Metric` cases are. Build the matrix from
/// the model's outputs on the whole split, or `add` batch by batch:
///
/// ```swift
/// var matrix = ConfusionMatrix(classCount: 3)
/// for (x, y) in batches { matrix.add(predictions: model(x), targets: y) }
/// print(matrix.macroF1, matrix)
/// ```
///
/// Predictions are scores [N, K] (the arg-max is the predicted class) or one score per sample
/// [N, 1] / [N] for two classes (score > 0 predicts class 1, as `Metric.accuracy`). Targets are
/// class indices [N] (stored as Float) or one-hot rows [N, K]; with one score per sample,
/// a target ≥ 0.5 is class 1.
public struct ConfusionMatrix: Equatable, Codable, Sendable, CustomStringConvertible {
    /// counts[true class][predicted class].
    public private(set) var counts: [[Int]]

    /// K, the number of classes.
    public var classCount: Int { counts.count }

    /// An empty matrix for `classCount` classes (at least 2).
    public init(classCount: Int) {
        precondition(classCount >= 2, "ConfusionMatrix: needs at least 2 classes, got \(classCount)")
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    /// The matrix of `predictions` against `targets` (see the type's documentation for shapes).
    public init(predictions: Tensor, targets: Tensor) {
        let isBinary = predictions.rank < 2 || predictions.shape[1] == 1
        self.init(classCount: isBinary ? 2 : predictions.shape[1])
        add(predictions: predictions, targets: targets)
    }

    /// Adds the samples of one batch.
    public mutating func add(predictions: Tensor, targets: Tensor) {
        let k = classCount
        let n = predictions.shape.first ?? 0
        let isBinary = predictions.rank < 2 || predictions.shape[1] == 1
        precondition(isBinary ? k == 2 : predictions.shape == [n, k],
                     "ConfusionMatrix: predictions \(predictions.shape) do not fit \(k) classes")
        let predicted: [Float], actual: [Float]
        if isBinary {
            precondition(targets.count == n, "ConfusionMatrix: \(targets.shape) targets for \(n) predictions")
            predicted = predictions.scalars.map { $0 > 0 ? 1 : 0 }
            actual = targets.scalars.map { $0 >= 0.5 ? 1 : 0 }
        } else {
            predicted = predictions.argmax(alongAxis: 1).scalars
            actual = classDistribution(targets, rows: n, classes: k, loss: "ConfusionMatrix").argmax(alongAxis: 1).scalars
        }
        for (t, p) in zip(actual, predicted) { counts[Int(t)][Int(p)] += 1 }
    }

    /// N, the number of samples counted.
    public var total: Int { counts.joined().reduce(0, +) }
    /// Σ_c counts[c][c] / N (0 when empty).
    public var accuracy: Double { Self.ratio((0..<classCount).reduce(0) { $0 + counts[$1][$1] }, total) }

    /// Samples of class c (row sum), the support of c.
    public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }
    /// Samples predicted as c (column sum).
    public func predictedCount(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }

    /// Precision of class c: counts[c][c] / predictedCount(c), 0 when nothing was predicted c.
    public func precision(_ c: Int) -> Double { Self.ratio(counts[c][c], predictedCount(c)) }
    /// Recall of class c: counts[c][c] / support(c), 0 when class c never occurs.
    public func recall(_ c: Int) -> Double { Self.ratio(counts[c][c], support(c)) }
    /// F1 of class c, the harmonic mean of its precision and recall (0 when both are 0).
    public func f1(_ c: Int) -> Double {
        let (p, r) = (precision(c), recall(c))
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    /// The classes that occur among the targets or the predictions: those the macro averages use.
    public var presentClasses: [Int] { (0..<classCount).filter { support($0) + predictedCount($0) > 0 } }
    /// The mean of `precision(c)` over `presentClasses`.
    public var macroPrecision: Double { macroAverage(precision) }
    /// The mean of `recall(c)` over `presentClasses`.
    public var macroRecall: Double { macroAverage(recall) }
    /// The mean of `f1(c)` over `presentClasses`.
    public var macroF1: Double { macroAverage(f1) }

    private func macroAverage(_ measure: (Int) -> Double) -> Double {
        let classes = presentClasses
        return classes.isEmpty ? 0 : classes.reduce(0) { $0 + measure($1) } / Double(classes.count)
    }

    private static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    /// The matrix as a table, rows the true classes and columns the predicted ones.
    public var description: String {
        let width = Swift.max(String(counts.joined().max() ?? 0).count, String(classCount - 1).count, 4)
        func cell(_ text: String) -> String { String(repeating: " ", count: Swift.max(width - text.count, 0)) + text }
        let header = cell("t\\p") + " " + (0..<classCount).map { cell(String($0)) }.joined(separator: " ")
        let rows = counts.enumerated().map { index, row in
            cell(String(index)) + " " + row.map { cell(String($0)) }.joined(separator: " ")
        }
        return ([header] + rows).joined(separator: "\n")
    }
}
