/// Numbers read with the range they must lie in, so that every setting of a rule, a schedule or
/// a callback is checked where it enters and its error names the key and the value:
///
///     experiment.yaml:7: optimizer.beta1: 1.5 must lie in [0, 1)
public enum ConfigRange {
    case positive, nonNegative, fraction, upToOne, positiveInteger, nonNegativeInteger

    var text: String {
        switch self {
        case .positive: return "must be a positive number"
        case .nonNegative: return "must be ≥ 0"
        case .fraction: return "must lie in [0, 1)"
        case .upToOne: return "must lie in [0, 1]"
        case .positiveInteger: return "must be an integer ≥ 1"
        case .nonNegativeInteger: return "must be an integer ≥ 0"
        }
    }

    func contains(_ value: Double) -> Bool {
        switch self {
        case .positive: return value > 0 && value.isFinite
        case .nonNegative: return value >= 0 && value.isFinite
        case .fraction: return value >= 0 && value < 1
        case .upToOne: return value >= 0 && value <= 1
        case .positiveInteger: return value >= 1
        case .nonNegativeInteger: return value >= 0
        }
    }
}

extension ConfigObject {
    /// The number under `key`, nil when absent; throws when it lies outside `range`.
    public func number(_ key: String, _ range: ConfigRange) throws -> Float? {
        guard let value: Double = try optional(key) else { return nil }
        guard range.contains(value) else { throw error(key, "\(Float(value)) \(range.text)") }
        return Float(value)
    }

    /// The number under `key`, or `defaultValue`; throws when it lies outside `range`.
    public func number(_ key: String, default defaultValue: Float, _ range: ConfigRange) throws -> Float {
        try number(key, range) ?? defaultValue
    }

    /// The integer under `key`, nil when absent; throws when it lies outside `range`.
    public func integer(_ key: String, _ range: ConfigRange) throws -> Int? {
        guard let value: Int = try optional(key) else { return nil }
        guard range.contains(Double(value)) else { throw error(key, "\(value) \(range.text)") }
        return value
    }

    /// The name under `key` (or `defaultValue`), which must be one of `choices`.
    public func choice(_ key: String, default defaultValue: String, from choices: [String]) throws -> String {
        let value = try self.value(key, default: defaultValue)
        guard choices.contains(value) else { throw error(key, "unknown '\(value)'; choose \(choices.joined(separator: ", "))") }
        return value
    }
}
