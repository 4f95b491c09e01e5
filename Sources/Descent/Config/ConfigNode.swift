import Foundation
import Yams

/// One value of a configuration file (YAML or JSON) and the line it came from.
///
/// Configs are read into this tree first, then checked key by key with `ConfigObject`, so that
/// every error can name the file, the key path and the line. JSON is read by the YAML parser
/// (JSON is a subset of YAML's flow style), so JSON errors carry lines too.
public struct ConfigNode {
    public enum Value {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case array([ConfigNode])
        /// Keys in file order.
        case object([(key: String, value: ConfigNode)])
    }

    public var value: Value
    /// The 1-based line in the source file; nil for values built in code.
    public var line: Int?

    public init(_ value: Value, line: Int? = nil) {
        self.value = value
        self.line = line
    }

    /// Parses YAML or JSON text; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> ConfigNode {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw DescentError.config(file: file, keyPath: "", line: Self.line(of: error), problem: "not valid YAML or JSON: \(Self.reason(of: error))")
        }
        guard let root else { return ConfigNode(.object([]), line: 1) }
        var budget = maximumValueCount
        return try ConfigNode(yaml: root, file: file, path: "", budget: &budget)
    }

    /// The most values a config may hold once YAML anchors are expanded (a file of a few
    /// lines can otherwise expand to billions: the "billion laughs").
    public static let maximumValueCount = 1_000_000

    /// Reads a config file (`.yaml`, `.yml` or `.json`).
    public static func read(contentsOf url: URL) throws -> ConfigNode {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DescentError.file(path: url.path, problem: "cannot read the config file (missing, unreadable or not UTF-8)")
        }
        return try parse(text, file: url.path)
    }

    private init(yaml node: Node, file: String, path: String, budget: inout Int) throws {
        let line = node.mark?.line
        budget -= 1
        guard budget >= 0 else {
            throw DescentError.config(file: file, keyPath: path, line: line,
                                      problem: "the config holds more than \(Self.maximumValueCount) values (YAML anchors and aliases expand); write a smaller one")
        }
        switch node {
        case .scalar(let scalar):
            self.init(Self.resolve(scalar), line: line)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for (offset, element) in sequence.enumerated() {
                items.append(try ConfigNode(yaml: element, file: file, path: "\(path)[\(offset)]", budget: &budget))
            }
            self.init(.array(items), line: line)
        case .mapping(let mapping):
            var pairs: [(key: String, value: ConfigNode)] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw DescentError.config(file: file, keyPath: path, line: keyNode.mark?.line, problem: "keys must be plain names")
                }
                let keyPath = path.isEmpty ? key.string : "\(path).\(key.string)"
                if pairs.contains(where: { $0.key == key.string }) {
                    throw DescentError.config(file: file, keyPath: keyPath, line: keyNode.mark?.line, problem: "duplicate key")
                }
                pairs.append((key.string, try ConfigNode(yaml: valueNode, file: file, path: keyPath, budget: &budget)))
            }
            self.init(.object(pairs), line: line)
        case .alias:
            throw DescentError.config(file: file, keyPath: path, line: line, problem: "YAML aliases are not supported; write the value out")
        }
    }

    /// A plain scalar's YAML type (null, bool, int, float); quoted scalars stay strings.
    private static func resolve(_ scalar: Node.Scalar) -> Value {
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        switch Tag.Name(rawValue: Node.scalar(scalar).tag.rawValue) {
        case .null: return .null
        case .bool: return Bool.construct(from: scalar).map(Value.bool) ?? .string(scalar.string)
        case .int where scalar.string.contains(":"): return sexagesimal(scalar.string).map(Value.int) ?? .string(scalar.string)
        case .int: return Int.construct(from: scalar).map(Value.int) ?? .string(scalar.string)
        case .float: return Double.construct(from: scalar).map(Value.double) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }

    /// A YAML 1.1 base-60 integer (`1:30` is 90), or nil when it does not fit an `Int`. Yams
    /// computes these without overflow checks and traps on a long one, so it never sees them.
    private static func sexagesimal(_ text: String) -> Int? {
        let sign = text.hasPrefix("-") ? -1 : 1
        var value = 0
        for digits in text.drop(while: { $0 == "-" || $0 == "+" }).split(separator: ":", omittingEmptySubsequences: false) {
            guard let digit = Int(digits, radix: 10), digit >= 0 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 60)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { return nil }
            value = sum
        }
        return sign * value
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func reason(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }

    /// A short description of the value's type, for error messages.
    public var kindName: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string(let text): return "the string \(SafeTensors.quoted(text))"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}
