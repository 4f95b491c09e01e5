import Foundation

/// What a random search over an update rule draws from: the learning rate log-uniformly over
/// four decades around the rule's default (η₀/100 … 100·η₀), and the rule's own settings over
/// the ranges of `ruleRanges` (ε included for the Adam family, as Choi et al. (2019) insist:
/// with a large ε Adam behaves like momentum SGD with rate η/ε). Each rule's doc comment
/// states its line of this table; a test keeps them equal.
///
///     let space = SearchSpace()
///     let draw = space.draw(rule: "adam", index: 3, seed: 0)   // [("learning_rate", …), ("beta1", …), …]
public struct SearchSpace: Sendable, Equatable {
    /// The ranges of each rule's own settings, by rule name (`RuleRegistry` names).
    public static let ruleRanges: [String: [(String, Double, Double, SearchRange.Scale)]] = {
        let moments: [(String, Double, Double, SearchRange.Scale)] = [("beta1", 0.8, 0.99, .uniform), ("beta2", 0.99, 0.9999, .uniform), ("epsilon", 1e-10, 1, .logUniform)]
        let momentum: (String, Double, Double, SearchRange.Scale) = ("momentum", 0, 0.99, .uniform)
        let decay: (String, Double, Double, SearchRange.Scale) = ("weight_decay", 1e-5, 0.1, .logUniform)
        return [
            "sgd": [momentum],
            "sgdw": [momentum, decay],
            "adagrad": [("initial_accumulator_value", 0, 1, .uniform), ("epsilon", 1e-10, 0.1, .logUniform)],
            "adadelta": [("rho", 0.8, 0.99, .uniform), ("epsilon", 1e-8, 0.01, .logUniform)],
            "rmsprop": [("alpha", 0.9, 0.999, .uniform), ("epsilon", 1e-10, 1, .logUniform)],
            "adam": moments, "adamax": moments, "nadam": moments, "radam": moments,
            "adamw": moments + [decay],
            "lion": [("beta1", 0.8, 0.99, .uniform), ("beta2", 0.9, 0.999, .uniform)],
        ]
    }()

    /// Ranges that replace the table's, by rule and key (from `--range`).
    public private(set) var overrides: [String: [SearchRange]] = [:]

    public init() {}

    /// The table with `overrides` in place of its ranges for the same rule and key; throws
    /// `DescentError.invalidArgument` for an unknown rule, or a key the rule does not take.
    public init(overrides: [(rule: String, range: SearchRange)]) throws {
        for (rule, range) in overrides {
            guard let type = RuleRegistry.type(named: rule) else {
                throw DescentError.invalidArgument(name: "search range", value: "\(rule).\(range.key)", expected: "a rule of \(RuleRegistry.names.joined(separator: ", "))")
            }
            guard range.key == "learning_rate" || type.configKeys.contains(range.key) else {
                throw DescentError.invalidArgument(name: "search range", value: "\(rule).\(range.key)",
                                                   expected: "a setting of \(rule): \((["learning_rate"] + type.configKeys).joined(separator: ", "))")
            }
            self.overrides[rule, default: []].removeAll { $0.key == range.key }
            self.overrides[rule, default: []].append(range)
        }
    }

    /// The learning rate's default range: η₀·10⁻² … η₀·10², log-uniform.
    public static func learningRateRange(_ rule: any ConfigurableRule.Type) -> SearchRange {
        let η0 = Double("\(rule.defaultLearningRate)")!   // 0.001, not Float's 0.0010000000475
        return try! SearchRange("learning_rate", η0 / 100, η0 * 100, .logUniform)
    }

    /// The ranges a draw for `rule` samples, learning rate first, then the table's order.
    public func ranges(for rule: String) -> [SearchRange] {
        guard let type = RuleRegistry.type(named: rule) else { return [] }
        let table = [Self.learningRateRange(type)] + (Self.ruleRanges[rule] ?? []).map { try! SearchRange($0.0, $0.1, $0.2, $0.3) }
        let replaced = table.map { range in overrides[rule]?.first { $0.key == range.key } ?? range }
        return replaced + (overrides[rule] ?? []).filter { extra in !table.contains { $0.key == extra.key } }
    }

    /// Draw `index` (from 0) of `rule`'s random search under `seed`: one value per range, in
    /// `ranges(for:)` order. The same arguments give the same draw, whatever else is drawn.
    public func draw(rule: String, index: Int, seed: UInt64) -> [(key: String, value: Double)] {
        let generator = RandomGenerator(seed: Self.mix("\(rule)#\(index)#\(seed)"))
        return ranges(for: rule).map { ($0.key, $0.value(at: Double(generator.nextUniform()))) }
    }

    /// The line each rule's doc comment carries: `learning_rate log-uniform [1e-05, 0.1]; …`.
    public func summary(for rule: String) -> String {
        ranges(for: rule).map(\.description).joined(separator: "; ")
    }

    /// FNV-1a of the text: a seed that depends on every character and nothing else.
    static func mix(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
