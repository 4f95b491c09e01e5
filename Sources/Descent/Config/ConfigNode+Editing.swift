extension ConfigNode {
    /// The name of the source of values given on the command line, for messages: errors about
    /// them name the flag (`--beta1 1.5 must lie in [0, 1)`) instead of a file and key path.
    public static let commandLine = "the command line"

    /// This mapping with `key` set to `value` (replaced in place, or appended); a non-mapping
    /// becomes a mapping holding only `key`.
    public func setting(_ key: String, to value: ConfigNode) -> ConfigNode {
        guard case .object(var pairs) = self.value else { return .object([(key, value)]) }
        if let index = pairs.firstIndex(where: { $0.key == key }) { pairs[index].value = value } else { pairs.append((key, value)) }
        return ConfigNode(.object(pairs), line: line)
    }

    /// This mapping with the value at `path` (keys from the top) set, creating mappings on the way.
    public func setting(_ path: [String], to value: ConfigNode) -> ConfigNode {
        guard let key = path.first else { return value }
        return setting(key, to: (self[key] ?? .object([])).setting(Array(path.dropFirst()), to: value))
    }

    /// This mapping without `keys`.
    public func removing(_ keys: Set<String>) -> ConfigNode {
        guard case .object(let pairs) = value else { return self }
        return ConfigNode(.object(pairs.filter { !keys.contains($0.key) }), line: line)
    }

    /// This list with `item` appended; null becomes a list of one.
    public func appending(_ item: ConfigNode) -> ConfigNode {
        guard case .array(let items) = value else { return ConfigNode(.array([item])) }
        return ConfigNode(.array(items + [item]), line: line)
    }
}

extension ConfigNode {
    /// The value as a message shows it: numbers and booleans as written, strings quoted, lists
    /// and mappings by kind.
    public var shownValue: String {
        switch value {
        case .int(let number): return String(number)
        case .double(let number): return Self.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return kindName
        }
    }

    /// Every scalar under this node by key path (`optimizer.beta1`, `model[2].rate`), as JSON
    /// text, to compare two configs key by key.
    public func leaves(prefix: String = "") -> [String: String] {
        switch value {
        case .object(let pairs):
            return pairs.reduce(into: [:]) { result, pair in
                result.merge(pair.value.leaves(prefix: prefix.isEmpty ? pair.key : "\(prefix).\(pair.key)")) { a, _ in a }
            }
        case .array(let items):
            return items.enumerated().reduce(into: [:]) { result, item in
                result.merge(item.element.leaves(prefix: "\(prefix)[\(item.offset)]")) { a, _ in a }
            }
        default:
            return [prefix: jsonText]
        }
    }
}
