import Foundation

/// The range one hyperparameter of a random search is drawn from: uniformly, or
/// log-uniformly (uniform in log x, so each decade is as likely as the next).
///
///     uniform:       x = low + u·(high − low)                 u ~ U[0, 1)
///     log-uniform:   x = exp(ln low + u·(ln high − ln low))   0 < low
///
/// Draws are rounded to four significant digits, so that they read well in a results
/// folder's names and survive a round trip through text unchanged.
public struct SearchRange: Equatable, Sendable, CustomStringConvertible {
    public enum Scale: String, Sendable {
        case uniform = "linear"
        case logUniform = "log"
    }

    /// The config key of the rule's setting (`learning_rate`, `beta1`, `epsilon`, …).
    public var key: String
    public var low: Double
    public var high: Double
    public var scale: Scale

    /// Throws `DescentError.invalidArgument` naming the range unless low < high, both are
    /// finite, and low > 0 on a log scale.
    public init(_ key: String, _ low: Double, _ high: Double, _ scale: Scale) throws {
        let text = "\(key)=\(Self.number(low)):\(Self.number(high)):\(scale.rawValue)"
        guard low.isFinite, high.isFinite, low < high else {
            throw DescentError.invalidArgument(name: "search range", value: text, expected: "finite bounds with low < high")
        }
        guard scale == .uniform || low > 0 else {
            throw DescentError.invalidArgument(name: "search range", value: text, expected: "a positive low bound on a log scale")
        }
        (self.key, self.low, self.high, self.scale) = (key, low, high, scale)
    }

    /// The value at u ∈ [0, 1), rounded to four significant digits and kept inside the range.
    public func value(at u: Double) -> Double {
        let raw = scale == .uniform ? low + u * (high - low) : Foundation.exp(Foundation.log(low) + u * (Foundation.log(high) - Foundation.log(low)))
        let rounded = Double(String(format: "%.4g", raw))!
        return Swift.min(Swift.max(rounded, low), high)
    }

    /// `beta1 uniform [0.8, 0.99]`, `epsilon log-uniform [1e-10, 1]`.
    public var description: String {
        "\(key) \(scale == .uniform ? "uniform" : "log-uniform") [\(Self.number(low)), \(Self.number(high))]"
    }

    static func number(_ value: Double) -> String { String(format: "%g", value) }

    /// Reads `RULE.KEY=LOW:HIGH[:log|:linear]` (e.g. `adam.epsilon=1e-10:100:log`; linear when
    /// the scale is left out) into the rule's name and the range.
    public static func parse(_ text: String) throws -> (rule: String, range: SearchRange) {
        let bad = DescentError.invalidArgument(name: "search range", value: text, expected: "RULE.KEY=LOW:HIGH[:log|:linear], e.g. adam.epsilon=1e-10:100:log")
        let sides = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard sides.count == 2 else { throw bad }
        let name = sides[0].split(separator: ".", maxSplits: 1).map(String.init)
        let bounds = sides[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard name.count == 2, (2...3).contains(bounds.count), let low = Double(bounds[0]), let high = Double(bounds[1]),
              let scale = bounds.count == 3 ? Scale(rawValue: bounds[2]) : .uniform else { throw bad }
        return (name[0], try SearchRange(name[1], low, high, scale))
    }
}
