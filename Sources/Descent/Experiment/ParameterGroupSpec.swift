import Foundation

/// One entry of a config's `optimizer.groups` (PyTorch's `param_groups`): the parameters whose
/// paths match a glob pattern, with their own learning-rate factor and weight decay.
///
///     optimizer:
///       type: adamw
///       learning_rate: 0.001
///       weight_decay: 0.05
///       groups:
///         - {name: no-decay, params: ["*.bias", "bn_*.weight"], weight_decay: 0}
///         - {name: body, params: ["body_*"], learning_rate_scale: 0.1}
///
/// A path is `<layer>.<parameter>` where `<layer>` is the layer's index or its `name:`
/// (`0.weight` and `body_1.weight` both match the first layer's kernel); `*` matches any run of
/// characters, `?` one. η_group = η · learning_rate_scale, so a schedule moves every group
/// together. `weight_decay` replaces the optimizer's λ for the group and keeps its kind:
/// decoupled for AdamW and SGDW (and with `decoupled: true`), coupled L2 otherwise. A parameter
/// belongs to the first group that matches it; a pattern that matches no parameter is an error.
public struct ParameterGroupSpec: Equatable {
    public var name: String
    public var patterns: [String]
    public var learningRateScale: Float = 1
    public var weightDecay: Float?
    /// Where the entry is, for errors found once the model exists.
    var keyPath: String
    var line: Int?

    static let keys = ["name", "params", "learning_rate_scale", "weight_decay"]

    /// Reads entry `index` of `optimizer.groups`.
    public init(_ entry: ConfigObject, index: Int) throws {
        name = try entry.value("name", default: "group\(index)")
        guard let patterns: [String] = try entry.optional("params"), !patterns.isEmpty else {
            throw entry.error(nil, "missing key 'params': a list of glob patterns on parameter paths, e.g. [\"*.bias\"]")
        }
        self.patterns = patterns
        learningRateScale = try entry.value("learning_rate_scale", default: 1)
        try entry.check(learningRateScale >= 0 && learningRateScale.isFinite, "learning_rate_scale", "a number ≥ 0")
        weightDecay = try entry.optional("weight_decay")
        try entry.check((weightDecay ?? 0) >= 0 && (weightDecay ?? 0).isFinite, "weight_decay", "a number ≥ 0")
        try entry.rejectUnknownKeys()
        keyPath = entry.path
        line = entry.node.line
    }

    /// The entry as the resolved config writes it.
    public var node: ConfigNode {
        var pairs: [(String, ConfigNode)] = [("name", name.configNode), ("params", patterns.configNode),
                                             ("learning_rate_scale", learningRateScale.configNode)]
        if let weightDecay { pairs.append(("weight_decay", weightDecay.configNode)) }
        return .object(pairs)
    }

    /// Whether `path` (`"3.bias"`) matches one of the patterns, by index or by the layer's name.
    func matches(_ path: String, layerNames: [String?]) -> Bool {
        patterns.contains { Self.matches(path, pattern: $0, layerNames: layerNames) }
    }

    /// Whether `path` or its spelling with the layer's name in `layerNames` matches `pattern`.
    static func matches(_ path: String, pattern: String, layerNames: [String?]) -> Bool {
        var spellings = [path]
        if let dot = path.firstIndex(of: "."), let index = Int(path[..<dot]), index < layerNames.count, let layerName = layerNames[index] {
            spellings.append(layerName + path[dot...])
        }
        return spellings.contains { fnmatch(pattern, $0, 0) == 0 }
    }

    /// The library's group; `decay` turns λ into the optimizer's kind of weight decay.
    func parameterGroup(layerNames: [String?], decay: (Float) -> WeightDecay) -> ParameterGroup {
        ParameterGroup(name, learningRateScale: learningRateScale, weightDecay: weightDecay.map(decay)) {
            matches($0, layerNames: layerNames)
        }
    }

    /// Throws for the first pattern that selects none of `paths`, listing the paths there are.
    static func checkEveryPatternMatches(_ groups: [ParameterGroupSpec], paths: [String], layerNames: [String?], file: String) throws {
        for group in groups {
            for pattern in group.patterns {
                guard !paths.contains(where: { matches($0, pattern: pattern, layerNames: layerNames) }) else { continue }
                throw DescentError.config(file: file, keyPath: "\(group.keyPath).params", line: group.line,
                                          problem: "'\(pattern)' matches no parameter; the parameters are \(paths.joined(separator: ", "))")
            }
        }
    }
}
