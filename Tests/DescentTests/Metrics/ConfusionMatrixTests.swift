import Descent
import Testing

@Suite struct ConfusionMatrixTests {
    // Ten samples, (true, predicted):
    //   (0,0) (0,0) (0,1) (1,1) (1,2) (2,2) (2,2) (2,1) (2,2) (1,1)
    // counts (rows true, columns predicted):
    //   0: [2, 1, 0]     column sums: 2, 4, 4
    //   1: [0, 2, 1]     row sums:    3, 3, 4
    //   2: [0, 1, 3]
    static let predicted = [0, 0, 1, 1, 2, 2, 2, 1, 2, 1]
    static let labels: [Float] = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1]
    /// Scores whose arg-max is `predicted`: 2 at the predicted class, −1 elsewhere.
    static let scores = Tensor(predicted.map { p in (0..<3).map { $0 == p ? 2 : -1 } })

    @Test func countsAndMeasuresByHand() {
        let matrix = ConfusionMatrix(predictions: Self.scores, targets: Tensor(Self.labels))
        #expect(matrix.counts == [[2, 1, 0], [0, 2, 1], [0, 1, 3]])
        #expect(matrix.total == 10)
        #expect(matrix.accuracy == 0.7)                                  // (2 + 2 + 3) / 10
        // precision = diagonal / column sum: 2/2, 2/4, 3/4
        #expect([0, 1, 2].map(matrix.precision) == [1, 0.5, 0.75])
        // recall = diagonal / row sum: 2/3, 2/3, 3/4
        #expect([0, 1, 2].map(matrix.recall) == [2.0 / 3, 2.0 / 3, 0.75])
        // F1: 2·1·⅔/(1 + ⅔) = 0.8;  2·½·⅔/(½ + ⅔) = 4/7;  0.75
        let f1 = [0, 1, 2].map(matrix.f1)
        #expect(abs(f1[0] - 0.8) < 1e-12 && abs(f1[1] - 4.0 / 7) < 1e-12 && abs(f1[2] - 0.75) < 1e-12)
        #expect(matrix.macroPrecision == 0.75)                           // (1 + 0.5 + 0.75) / 3
        #expect(abs(matrix.macroRecall - 25.0 / 36) < 1e-12)             // (⅔ + ⅔ + ¾) / 3 = 0.6944
        #expect(abs(matrix.macroF1 - (0.8 + 4.0 / 7 + 0.75) / 3) < 1e-12) // 0.7071429, not F1(P̄, R̄) = 0.7212
    }

    @Test func batchesAddUpAndAbsentClassesAreSkipped() {
        // Class 3 never occurs: its precision and recall are 0 by convention, and the macro
        // averages skip it (scikit-learn without `labels`).
        var matrix = ConfusionMatrix(classCount: 4)
        let wide = Tensor.concatenate([Self.scores, Tensor.full([10, 1], -5)], alongAxis: 1)
        matrix.add(predictions: wide.slice(alongAxis: 0, 0..<4), targets: Tensor(Array(Self.labels[0..<4])))
        matrix.add(predictions: wide.slice(alongAxis: 0, 4..<10), targets: Tensor(Array(Self.labels[4...])))
        #expect(matrix.counts[0..<3].map { Array($0[0..<3]) } == [[2, 1, 0], [0, 2, 1], [0, 1, 3]])
        #expect(matrix.presentClasses == [0, 1, 2])
        #expect(matrix.precision(3) == 0 && matrix.recall(3) == 0 && matrix.f1(3) == 0)
        #expect(matrix.macroPrecision == 0.75)
    }

    @Test func binaryFromOneLogit() {
        // logit > 0 predicts 1; pairs (1,1) (1,0) (0,1) (0,0) (1,1)
        let logits = Tensor(shape: [5, 1], scalars: [2, -1, 0.5, -3, 4])
        let matrix = ConfusionMatrix(predictions: logits, targets: Tensor([1, 1, 0, 0, 1]))
        #expect(matrix.counts == [[1, 1], [1, 2]])
        #expect(matrix.precision(1) == 2.0 / 3 && matrix.recall(1) == 2.0 / 3 && matrix.accuracy == 0.6)
        // One-hot targets and [N, K] scores give the same matrix as class indices.
        let oneHot = Tensor(Self.labels.map { l in (0..<3).map { Float($0) == l ? 1 : 0 } })
        #expect(ConfusionMatrix(predictions: Self.scores, targets: oneHot).counts == [[2, 1, 0], [0, 2, 1], [0, 1, 3]])
    }

    @Test func printsATable() {
        let matrix = ConfusionMatrix(predictions: Self.scores, targets: Tensor(Self.labels))
        // Cells right-aligned to width 4; rows are the true classes.
        #expect(matrix.description.split(separator: "\n") == [
            " t\\p    0    1    2",
            "   0    2    1    0",
            "   1    0    2    1",
            "   2    0    1    3",
        ])
    }
}
