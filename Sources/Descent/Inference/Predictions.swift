/// A saved model's predictions for N samples (`SavedModel.predict`), one row per sample.
public struct Predictions {
    /// The name of each output: the class name where the model knows it, else `output_k`.
    public var columns: [String]
    /// [N, K]: softmax probabilities for a classifier, the outputs otherwise (the Monte Carlo
    /// mean with Monte Carlo dropout).
    public var values: Tensor
    /// [N, K]: the Monte Carlo standard deviations; nil without Monte Carlo dropout.
    public var standardDeviations: Tensor?
    /// Whether the model names classes and has more than one output.
    public var isClassifier: Bool

    /// The number of samples.
    public var count: Int { values.shape.first ?? 0 }

    /// The values of sample `row`, one per column.
    public func values(ofRow row: Int) -> [Float] { Self.row(row, of: values, width: columns.count) }

    /// The standard deviations of sample `row`; nil without Monte Carlo dropout.
    public func standardDeviations(ofRow row: Int) -> [Float]? {
        standardDeviations.map { Self.row(row, of: $0, width: columns.count) }
    }

    /// The column with the largest value in sample `row` (the predicted class); nil unless a classifier.
    public func predictedClass(ofRow row: Int) -> String? {
        guard isClassifier else { return nil }
        let slice = values(ofRow: row)
        return columns[slice.indices.max { slice[$0] < slice[$1] }!]
    }

    private static func row(_ row: Int, of tensor: Tensor, width: Int) -> [Float] {
        Array(tensor.scalars[(row * width)..<((row + 1) * width)])
    }
}
