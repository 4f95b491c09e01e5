import Foundation

/// Reads one mapping of a config key by key, checking types, and rejects the keys nobody read.
///
/// Every error is a `DescentError.config` with the file, the key path (`optimizer.beta1`,
/// `model[2].rate`) and the line, e.g.
///
///     experiment.yaml:14: model[1].units: expected an integer ≥ 1, got the string "sixty"
///
/// ```swift
/// let layer = try ConfigObject(node, file: "x.yaml", path: "model[0]")
/// let units: Int = try layer.required("units")
/// let rate = try layer.value("rate", default: Float(0.5))
/// try layer.rejectUnknownKeys()
/// ```
public final class ConfigObject {
    /// The file the values came from (for messages).
    public let file: String
    /// The key path of this mapping; empty at the top level.
    public let path: String
    /// The mapping itself.
    public let node: ConfigNode
    private let pairs: [(key: String, value: ConfigNode)]
    private var readKeys: Set<String> = []

    public init(_ node: ConfigNode, file: String, path: String = "") throws {
        guard case .object(let pairs) = node.value else {
            throw DescentError.config(file: file, keyPath: path, line: node.line, problem: "expected a mapping of keys to values, got \(node.kindName)")
        }
        self.node = node
        self.file = file
        self.path = path
        self.pairs = pairs
    }

    /// The path of `key` inside this mapping.
    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error about `key` (or about the whole mapping when nil), at its line.
    public func error(_ key: String?, _ problem: String) -> DescentError {
        let line = key.flatMap { k in pairs.first { $0.key == k }?.value.line } ?? node.line
        return .config(file: file, keyPath: key.map(keyPath) ?? path, line: line, problem: problem)
    }

    /// The raw value of `key`, marked as read; nil when absent or null.
    public func node(_ key: String) -> ConfigNode? {
        readKeys.insert(key)
        guard let found = pairs.first(where: { $0.key == key })?.value else { return nil }
        if case .null = found.value { return nil }
        return found
    }

    /// Whether `key` is present (even as null).
    public func contains(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    /// The value of `key`, or nil when absent or null.
    public func optional<T: ConfigScalar>(_ key: String, _ type: T.Type = T.self) throws -> T? {
        guard let found = node(key) else { return nil }
        guard let value = T(configNode: found) else { throw error(key, "expected \(T.configTypeName), got \(found.kindName)") }
        return value
    }

    /// The value of `key`, or `defaultValue` when absent or null.
    public func value<T: ConfigScalar>(_ key: String, default defaultValue: T) throws -> T {
        try optional(key) ?? defaultValue
    }

    /// The value of `key`; a missing key is an error.
    public func required<T: ConfigScalar>(_ key: String, _ type: T.Type = T.self) throws -> T {
        guard let value: T = try optional(key) else { throw error(nil, "missing key '\(key)' (\(T.configTypeName))") }
        return value
    }

    /// The mapping under `key`, nil when absent or null.
    public func object(_ key: String) throws -> ConfigObject? {
        guard let found = node(key) else { return nil }
        return try ConfigObject(found, file: file, path: keyPath(key))
    }

    /// The list under `key`, nil when absent or null.
    public func array(_ key: String) throws -> [ConfigNode]? {
        guard let found = node(key) else { return nil }
        guard case .array(let items) = found.value else { throw error(key, "expected a list, got \(found.kindName)") }
        return items
    }

    /// Throws unless `condition` holds, naming `key`, the value and what is allowed.
    public func check(_ condition: Bool, _ key: String, _ expected: String) throws {
        guard condition else {
            let shown = pairs.first { $0.key == key }?.value.shownValue ?? "nothing"
            throw error(key, "expected \(expected), got \(shown)")
        }
    }

    /// The keys no one has read yet, in file order.
    public var unreadKeys: [String] { pairs.map(\.key).filter { !readKeys.contains($0) } }

    /// Throws for the first key no one read, listing the keys this mapping accepts.
    public func rejectUnknownKeys() throws {
        guard let stranger = pairs.first(where: { !readKeys.contains($0.key) }) else { return }
        let known = readKeys.sorted().joined(separator: ", ")
        throw error(stranger.key, "unknown key; \(path.isEmpty ? "the top level" : path) accepts \(known)")
    }
}

/// A value type a config can hold: numbers, booleans, strings and lists of them.
public protocol ConfigScalar {
    /// The value of `configNode`, or nil when the node has another type.
    init?(configNode: ConfigNode)
    /// The node that reads back as this value.
    var configNode: ConfigNode { get }
    /// "an integer", "a number", …, for messages.
    static var configTypeName: String { get }
}

extension Int: ConfigScalar {
    public init?(configNode: ConfigNode) {
        switch configNode.value {
        case .int(let value): self = value
        case .double(let value) where value == value.rounded() && abs(value) < 1e15: self = Int(value)
        default: return nil
        }
    }
    public var configNode: ConfigNode { ConfigNode(.int(self)) }
    public static var configTypeName: String { "an integer" }
}

extension UInt64: ConfigScalar {
    public init?(configNode: ConfigNode) {
        guard let value = Int(configNode: configNode), value >= 0 else { return nil }
        self = UInt64(value)
    }
    public var configNode: ConfigNode { ConfigNode(.int(Int(truncatingIfNeeded: self))) }
    public static var configTypeName: String { "a non-negative integer" }
}

extension Double: ConfigScalar {
    public init?(configNode: ConfigNode) {
        switch configNode.value {
        case .int(let value): self = Double(value)
        case .double(let value): self = value
        default: return nil
        }
    }
    public var configNode: ConfigNode { ConfigNode(.double(self)) }
    public static var configTypeName: String { "a number" }
}

extension Float: ConfigScalar {
    public init?(configNode: ConfigNode) {
        guard let value = Double(configNode: configNode) else { return nil }
        self = Float(value)
    }
    public var configNode: ConfigNode { ConfigNode(.double(Double(self))) }
    public static var configTypeName: String { "a number" }
}

extension Bool: ConfigScalar {
    public init?(configNode: ConfigNode) {
        guard case .bool(let value) = configNode.value else { return nil }
        self = value
    }
    public var configNode: ConfigNode { ConfigNode(.bool(self)) }
    public static var configTypeName: String { "true or false" }
}

extension String: ConfigScalar {
    public init?(configNode: ConfigNode) {
        guard case .string(let value) = configNode.value else { return nil }
        self = value
    }
    public var configNode: ConfigNode { ConfigNode(.string(self)) }
    public static var configTypeName: String { "a string" }
}

extension Array: ConfigScalar where Element: ConfigScalar {
    public init?(configNode: ConfigNode) {
        guard case .array(let items) = configNode.value else { return nil }
        let values = items.compactMap(Element.init(configNode:))
        guard values.count == items.count else { return nil }
        self = values
    }
    public var configNode: ConfigNode { ConfigNode(.array(map(\.configNode))) }
    public static var configTypeName: String { "a list of \(Element.configTypeName.replacingOccurrences(of: "an ", with: "").replacingOccurrences(of: "a ", with: ""))s" }
}
