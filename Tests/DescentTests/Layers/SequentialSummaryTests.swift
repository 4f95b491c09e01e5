@testable import Descent
import Testing

@Suite struct SequentialSummaryTests {
    @Test func oneRowPerLayerThenTheTotals() throws {
        let model = Sequential {
            Dense(inputSize: 2, outputSize: 4, activation: .relu)
            BatchNorm(featureCount: 4)
            Dense(inputSize: 4, outputSize: 3)
        }
        model.layers[0].freeze()
        let lines = try model.summary(inputShape: [2], names: [nil, "norm"]).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("#  Layer"))
        #expect(lines[2].hasPrefix("0  Dense(2→4, relu)") && lines[2].contains("(None, 4)") && lines[2].hasSuffix("frozen"))
        #expect(lines[3].hasPrefix("1  BatchNorm(4) \"norm\""))
        #expect(lines[4].contains("(None, 3)") && lines[4].contains("15"))
        // Dense 2·4 + 4 = 12 frozen; BatchNorm 8 γ, β trainable + 8 running statistics; Dense 4·3 + 3 = 15.
        #expect(lines.suffix(4) == ["Input shape: (None, 2)", "Total params: 43", "Trainable params: 23",
                                    "Non-trainable params: 20 (frozen weights and running statistics)"])
    }

    @Test func aShapeTheModelCannotTakeThrows() {
        let model = Sequential { Dense(inputSize: 2, outputSize: 4) }
        #expect(throws: DescentError.self) { try model.summary(inputShape: [3]) }
    }
}
