import Descent
import Foundation
import Testing

@Suite struct TopKAccuracyTests {
    // Row 0, target 2: one score above it (0.5)               → in the top 2 and 3
    // Row 1, target 3: three scores above it                   → only in the top 5 (k ≥ K = 4)
    // Row 2, target 1: two scores above it (0.3, 0.4)          → in the top 3 only
    // Row 3, target 2: tied with two others, none above it     → in the top 2 (ties count for it)
    let scores = Tensor([[0.1, 0.5, 0.3, 0.2], [0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.5, 0.1]])
    let labels = Tensor([2, 3, 1, 2])

    @Test func countsByHand() {
        #expect(Metric.top2Accuracy.total(scores, labels) == 2)   // rows 0, 3
        #expect(Metric.top3Accuracy.total(scores, labels) == 3)   // rows 0, 2, 3
        #expect(Metric.top5Accuracy.total(scores, labels) == 4)   // every row
        let oneHot = Tensor([[0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 0]])
        #expect(Metric.top2Accuracy.total(scores, oneHot) == 2)
        // One score per sample is two classes: every sample is in its top 2.
        #expect(Metric.top2Accuracy.total(Tensor(shape: [3, 1], scalars: [1, -1, 2]), Tensor([0, 1, 0])) == 3)
    }

    @Test func namesAndK() throws {
        #expect(Metric.top2Accuracy.rawValue == "top_2_accuracy")
        #expect(Metric(rawValue: "top_5_accuracy") == .top5Accuracy)
        #expect(Metric.top3Accuracy.key == MetricKey(rawValue: "top_3_accuracy"))
        #expect(Metric.allCases.map(\.topK) == [nil, nil, 2, 3, 5])
        let encoded = try JSONEncoder().encode([Metric.top3Accuracy])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["top_3_accuracy"]"#)
        #expect(try JSONDecoder().decode([Metric].self, from: encoded) == [.top3Accuracy])
    }
}
