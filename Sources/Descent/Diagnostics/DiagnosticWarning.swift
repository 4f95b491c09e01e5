/// A pattern in a training run that usually means trouble, with what to try.
public struct DiagnosticWarning: Codable, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case vanishingGradients = "vanishing_gradients"
        case explodingGradients = "exploding_gradients"
        case nonFinite = "non_finite"
        case overfitting
        case underfitting
        case deadUnits = "dead_units"
        case saturatedUnits = "saturated_units"
    }

    public var kind: Kind
    /// The epoch where the pattern appeared (for overfitting: the best epoch, where it began).
    public var epoch: Int
    /// What was seen, with numbers.
    public var message: String
    /// What to try.
    public var advice: String

    public init(kind: Kind, epoch: Int, message: String, advice: String) {
        self.kind = kind
        self.epoch = epoch
        self.message = message
        self.advice = advice
    }

    public var description: String { "warning [\(kind.rawValue)] epoch \(epoch): \(message). Try: \(advice)" }
}
