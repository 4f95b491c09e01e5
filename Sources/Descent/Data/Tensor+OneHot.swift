extension Tensor {
    /// One-hot rows [N, classCount] from class indices [N]: row i is 1 at column labels[i].
    /// Throws `DescentError.invalidArgument` for a label that is not an index below `classCount`.
    public static func oneHot(_ labels: Tensor, classCount: Int) throws -> Tensor {
        let n = labels.count
        var scalars = [Float](repeating: 0, count: n * classCount)
        for (row, label) in labels.scalars.enumerated() {
            let index = Int(exactly: label) ?? -1
            guard index >= 0 && index < classCount else {
                throw DescentError.invalidArgument(name: "label", value: "\(label) (row \(row))", expected: "a class index in 0..<\(classCount)")
            }
            scalars[row * classCount + index] = 1
        }
        return Tensor(shape: [n, classCount], scalars: scalars)
    }
}
