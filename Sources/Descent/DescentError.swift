/// Errors for input that comes from outside the program: configurations, files, arguments.
/// Each message names the thing at fault, what was expected, what was found, and what to do.
public enum DescentError: Error, CustomStringConvertible, Equatable {
    /// A layer received an input shape it cannot take.
    case shapeMismatch(layer: String, expected: String, actual: [Int])
    /// An argument or setting is out of range: the key, the value, and what is allowed.
    case invalidArgument(name: String, value: String, expected: String)
    /// A file could not be read, written or parsed.
    case file(path: String, problem: String)
    /// Training produced a non-finite loss.
    case nonFiniteLoss(epoch: Int, batch: Int, value: Float)
    /// A configuration value is missing, unknown or of the wrong type: the file, the key path
    /// (`model[1].units`), the line when known (YAML and JSON files), and what was expected.
    case config(file: String, keyPath: String, line: Int?, problem: String)
    /// A graph model cannot be built: a name used twice, an input that names no node, a
    /// cycle, shapes a merge cannot join. The problem names the node.
    case graph(problem: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(layer, expected, actual):
            return "\(layer): expected input shape \(expected), got \(actual)"
        case let .invalidArgument(name, value, expected):
            return "invalid \(name) '\(value)': expected \(expected)"
        case let .file(path, problem):
            return "\(path): \(problem)"
        case let .nonFiniteLoss(epoch, batch, value):
            return "the loss became \(value) at epoch \(epoch), batch \(batch); try a lower learning rate, gradient clipping or another initialization"
        case let .config(file, keyPath, _, problem) where file == ConfigNode.commandLine:
            return keyPath.contains(".") ? "\(Self.flag(forKeyPath: keyPath)) \(problem)" : problem
        case let .graph(problem):
            return "graph model: \(problem)"
        case let .config(file, keyPath, line, problem):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(keyPath.isEmpty ? "" : "\(keyPath): ")\(problem)"
        }
    }

    /// The flag that sets a config key: `optimizer.beta1` → `--beta1`, `optimizer.learning_rate`
    /// → `--lr`, `schedule.type` → `--schedule`, `plateau.factor` → `--plateau-factor`.
    public static func flag(forKeyPath keyPath: String) -> String {
        let parts = keyPath.split(separator: ".").map(String.init)
        let key = parts.last ?? keyPath, parent = parts.dropLast().last
        switch (parent, key) {
        case ("data", "csv"): return "--data"
        case ("data", "validation_csv"): return "--validation-data"
        case ("data", "test_csv"): return "--test-data"
        case ("split", _): return "--split"
        case ("augmentation", "input_noise"): return "--input-noise"
        case ("augmentation", _): return "--augment"
        case (_, "learning_rate"): return "--lr"
        case (_, "epsilon"): return "--eps"
        case (let section?, "type"): return "--" + section
        case ("schedule", "unit"): return "--schedule-unit"
        case ("plateau", _): return "--plateau-" + key.replacingOccurrences(of: "_", with: "-")
        default: return "--" + key.replacingOccurrences(of: "_", with: "-")
        }
    }
}
