@testable import Descent
import Foundation
import Testing

@Suite struct SearchSpaceTests {
    @Test(arguments: RuleRegistry.names)
    func drawsAreSeededAndInsideTheRanges(_ rule: String) throws {
        let space = SearchSpace()
        let ranges = space.ranges(for: rule)
        #expect(ranges.first?.key == "learning_rate")
        for index in 0..<50 {
            let draw = space.draw(rule: rule, index: index, seed: 7)
            #expect(draw.map(\.key) == ranges.map(\.key))
            for (value, range) in zip(draw.map(\.value), ranges) { #expect(value >= range.low && value <= range.high, "\(range) \(value)") }
            #expect(draw.map(\.value) == space.draw(rule: rule, index: index, seed: 7).map(\.value))
            // every draw builds a valid optimizer
            _ = try StudyTrial(problem: OptimizerStudyTests.problem(), rule: rule, settings: draw, schedule: "constant", seed: 0)
        }
        #expect(space.draw(rule: rule, index: 0, seed: 7).map(\.value) != space.draw(rule: rule, index: 1, seed: 7).map(\.value))
    }

    /// Log-uniform: each of the four decades of Adam's learning rate gets about a quarter of the draws.
    @Test func learningRateIsLogUniformOverFourDecades() {
        let space = SearchSpace(), range = space.ranges(for: "adam")[0]
        #expect(abs(range.low - 1e-5) < 1e-12 && abs(range.high - 0.1) < 1e-9)
        var decades = [Int](repeating: 0, count: 4)
        for index in 0..<2000 {
            let rate = space.draw(rule: "adam", index: index, seed: 0)[0].value
            decades[min(3, Int(floor(log10(rate / 1e-5))))] += 1
        }
        #expect(decades.allSatisfy { abs($0 - 500) < 75 }, "\(decades)")
    }

    /// The doc comment of every rule states its line of the table.
    @Test(arguments: RuleRegistry.types.map { ($0.typeName, String(describing: $0)) })
    func eachRuleDocumentsItsRanges(_ rule: String, _ typeName: String) throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Descent/Optimizers/\(typeName).swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        #expect(text.contains("/// Random search (`SearchSpace`, `descent experiment optimizers`): \(SearchSpace().summary(for: rule))."))
    }

    @Test func rangesAreValidatedAndParsed() throws {
        #expect(throws: DescentError.invalidArgument(name: "search range", value: "epsilon=1:0.1:linear", expected: "finite bounds with low < high")) {
            try SearchRange("epsilon", 1, 0.1, .uniform)
        }
        #expect(throws: DescentError.invalidArgument(name: "search range", value: "epsilon=0:1:log", expected: "a positive low bound on a log scale")) {
            try SearchRange("epsilon", 0, 1, .logUniform)
        }
        let parsed = try SearchRange.parse("adam.epsilon=1e-10:100:log")
        let expected = try SearchRange("epsilon", 1e-10, 100, .logUniform)
        #expect(parsed.rule == "adam" && parsed.range == expected)
        #expect(throws: DescentError.self) { try SearchRange.parse("adam.epsilon=1e-10") }
        #expect(throws: DescentError.self) { try SearchSpace(overrides: [("adam", try SearchRange("momentum", 0, 1, .uniform))]) }
        let space = try SearchSpace(overrides: [parsed])
        #expect(space.ranges(for: "adam").last == parsed.range && space.ranges(for: "adam").count == 4)
    }
}
