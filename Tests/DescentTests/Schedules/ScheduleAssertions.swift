import Descent
import Foundation
import Testing

/// Expects `schedule(step)` to equal `expected` within a relative tolerance of 1e-6 (Float).
func expectRate(
    _ schedule: any Schedule, at step: Int, _ expected: Double, relative: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let actual = Double(schedule(step))
    let ok = abs(actual - expected) <= relative * max(abs(expected), 1e-12)
    #expect(ok, "\(schedule) at step \(step): \(actual), expected \(expected)", sourceLocation: sourceLocation)
}

/// Expects `body` to throw `DescentError.invalidArgument` whose name contains `name`.
func expectInvalidArgument(
    _ name: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any
) {
    do {
        let value = try body()
        Issue.record("expected invalid \(name), got \(value)", sourceLocation: sourceLocation)
    } catch let DescentError.invalidArgument(actualName, _, expected) {
        #expect(actualName.contains(name), "error names '\(actualName)', expected '\(name)'", sourceLocation: sourceLocation)
        #expect(!expected.isEmpty, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected DescentError.invalidArgument for \(name), got \(error)", sourceLocation: sourceLocation)
    }
}
