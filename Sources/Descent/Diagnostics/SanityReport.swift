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

/// All sanity-check results of a model and its data, printable as one line per check.
public struct SanityReport: Codable, Equatable, Sendable, CustomStringConvertible {
    public var results: [SanityCheckResult]

    public init(results: [SanityCheckResult]) { self.results = results }

    /// The result of the check named `name`.
    public subscript(name: String) -> SanityCheckResult? { results.first { $0.name == name } }
    /// True when a check failed (warnings do not count).
    public var hasFailures: Bool { results.contains { $0.status == .failed } }
    /// The worst status among the results.
    public var worstStatus: SanityCheckResult.Status { results.map(\.status).max() ?? .passed }

    public var description: String {
        let failures = results.filter { $0.status == .failed }.count
        let warnings = results.filter { $0.status == .warning }.count
        let summary = "\(results.count) checks: \(failures) failed, \(warnings) warnings"
        return (results.map(\.description) + [summary]).joined(separator: "\n")
    }
}
