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
