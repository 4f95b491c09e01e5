import Foundation

/// The outcome of one sanity check.
public struct SanityCheckResult: Codable, Equatable, Sendable, CustomStringConvertible {
    public enum Status: String, Codable, Sendable, Comparable {
        case passed, skipped, warning, failed

        private var rank: Int { [.passed: 0, .skipped: 1, .warning: 2, .failed: 3][self]! }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// `initial-loss`, `gradient-check`, `overfit-batch`, `data-values`, `data-labels`,
    /// `data-scaling`, `data-balance`.
    public var name: String
    public var status: Status
    /// What was measured and, when not passed, what to look at.
    public var message: String
    /// The numbers behind the verdict, by name (e.g. `loss`, `expected`).
    public var measured: [String: Double]

    public init(name: String, status: Status, message: String, measured: [String: Double] = [:]) {
        self.name = name
        self.status = status
        self.message = message
        self.measured = measured
    }

    public var description: String {
        "\(status.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(name.padding(toLength: 15, withPad: " ", startingAt: 0)) \(message)"
    }
}
