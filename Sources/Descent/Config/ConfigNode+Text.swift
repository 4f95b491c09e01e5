import Foundation
import Yams

extension ConfigNode {
    /// A mapping built in code, keys in the given order.
    public static func object(_ pairs: [(String, ConfigNode)]) -> ConfigNode {
        ConfigNode(.object(pairs.map { (key: $0.0, value: $0.1) }))
    }

    /// The value under `key` of a mapping; nil for a missing key or a non-mapping.
    public subscript(key: String) -> ConfigNode? {
        guard case .object(let pairs) = value else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// Block-style YAML that `parse` reads back to the same values.
    public var yamlText: String {
        (try? Yams.serialize(node: yamlNode, indent: 2, width: -1, allowUnicode: true, sortKeys: false)) ?? jsonText
    }

    /// Pretty-printed JSON that `parse` reads back to the same values.
    public var jsonText: String { json(indent: "") + "\n" }

    private var yamlNode: Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .int(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(Self.format(number), Tag(.float))
        case .string(let text):
            let plain = ConfigNode.resolvesAsString(text)
            return .scalar(.init(text, Tag(.str), plain ? .plain : .doubleQuoted))
        case .array(let items): return .sequence(.init(items.map(\.yamlNode), Tag(.seq), items.isEmpty ? .flow : .block))
        case .object(let pairs):
            return .mapping(.init(pairs.map { (Node($0.key), $0.value.yamlNode) }, Tag(.map), pairs.isEmpty ? .flow : .block))
        }
    }

    private func json(indent: String) -> String {
        let inner = indent + "  "
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? Self.format(number) : SafeTensors.quoted(Self.format(number))
        case .string(let text): return SafeTensors.quoted(text)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.json(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { "\(inner)\(SafeTensors.quoted($0.key)): \($0.value.json(indent: inner))" }
                .joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    /// The shortest text that reads back to the same number; a Double holding a Float prints
    /// as that Float (`0.01`, not `0.009999999776482582`).
    public static func format(_ number: Double) -> String {
        if number.isNaN { return ".nan" }
        if number.isInfinite { return number > 0 ? ".inf" : "-.inf" }
        if number == number.rounded(), abs(number) < 1e15 { return String(format: "%.1f", number) }
        let single = Float(number)
        return Double(single) == number ? "\(single)" : "\(number)"
    }

    /// Whether a plain (unquoted) scalar with this text reads back as a string.
    private static func resolvesAsString(_ text: String) -> Bool {
        guard !text.isEmpty, text.trimmingCharacters(in: .whitespaces) == text else { return false }
        guard case .string = ConfigNode.resolvedPlain(text) else { return false }
        return text.rangeOfCharacter(from: CharacterSet(charactersIn: ":#{}[],&*!|>'\"%@`\n")) == nil
            && !text.hasPrefix("-") && !text.hasPrefix("?")
    }

    private static func resolvedPlain(_ text: String) -> Value {
        (try? ConfigNode.parse("x: \(text)", file: ""))?["x"]?.value ?? .null
    }
}
