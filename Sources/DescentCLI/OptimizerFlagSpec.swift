import Descent

/// An optimizer as the command line spells it, `NAME[:key=value,…]`, e.g.
/// `sgd:lr=0.1,momentum=0.9,nesterov`: keys are `descent optimize`'s flag names without `--`
/// (`lr`, `eps`, `weight-decay`, …); a key without a value switches a boolean on.
struct OptimizerFlagSpec {
    /// The spec as written, for labels.
    let text: String
    let ruleType: any ConfigurableRule.Type
    /// The rule's config name.
    let name: String
    /// The `optimizer:` section the spec describes (its settings only).
    let node: ConfigNode

    init(_ text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.first?.lowercased() ?? ""
        guard let ruleType = RuleRegistry.type(named: name) else {
            throw CommandFailure("unknown --optimizer '\(text)'; choose \(RuleRegistry.names.joined(separator: ", "))")
        }
        var node = ConfigNode.object([("type", name.configNode)])
        for pair in parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : [] {
            let keyValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let key = Self.configKey(keyValue[0])
            guard ruleType.configKeys.contains(key) || OptimizerConfig.commonKeys.contains(key) else {
                let keys = (["lr"] + ruleType.configKeys + OptimizerConfig.commonKeys.dropFirst(2).filter { $0 != "groups" }).map(Self.flagName)
                throw CommandFailure("--optimizer '\(text)': \(name) does not take '\(keyValue[0])'; it takes \(keys.joined(separator: ", "))")
            }
            node = node.setting(key, to: keyValue.count > 1 ? Self.value(keyValue[1]) : true.configNode)
        }
        (self.text, self.ruleType, self.name, self.node) = (text, ruleType, name, node)
    }

    /// Whether the rule takes the config key `key` (its own or a common one).
    func takes(_ key: String) -> Bool { ruleType.configKeys.contains(key) || OptimizerConfig.commonKeys.contains(key) }

    /// `lr` → `learning_rate`, `eps` → `epsilon`, `weight-decay` → `weight_decay`.
    static func configKey(_ flag: String) -> String {
        ["lr": "learning_rate", "eps": "epsilon"][flag] ?? flag.replacingOccurrences(of: "-", with: "_")
    }

    /// The inverse of `configKey`.
    static func flagName(_ key: String) -> String {
        String(DescentError.flag(forKeyPath: "optimizer.\(key)").dropFirst(2))
    }

    /// A setting's text as a config value: a number, a boolean or a name.
    static func value(_ text: String) -> ConfigNode {
        if text == "true" || text == "false" { return (text == "true").configNode }
        return Double(text).map(\.configNode) ?? text.configNode
    }
}
