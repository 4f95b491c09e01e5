import Foundation

/// A problem of an `OptimizerStudy`: a name and the experiment every trial on it starts from
/// (data, model, loss, metrics, epochs, batch size); each trial replaces its optimizer,
/// schedule and seed. The data and its split are fixed (`data.seed`, 0 unless the file sets
/// it), so every seed trains and tests on the same samples.
///
/// Built in: `quadratic` (a linear model on a noisy, ill-conditioned least-squares problem:
/// a quadratic in the weights with noisy mini-batch gradients), `digits` (a 64-64-10 MLP on
/// 8×8 digits), `mnist` (a 784-128-10 MLP on 28×28 digits) and `cnn` (two 3×3 convolutions
/// with max pooling on the same 28×28 images). The digits are `SyntheticData.digits`: made
/// from a seed at the shapes of scikit-learn's digits and of an MNIST subset, not the real
/// images; a study on real files takes them from an experiment file (`init(contentsOf:)`).
public struct StudyProblem {
    public var name: String
    /// The experiment, as read (its optimizer, schedule and seed are replaced per trial).
    public var config: ConfigNode
    /// Where `config` came from, for messages (`built-in` for the built-in problems).
    public var file: String

    /// The built-in problems, in study order.
    public static let builtInNames = ["quadratic", "digits", "mnist", "cnn"]

    public init(name: String, config: ConfigNode, file: String) throws {
        (self.name, self.config, self.file) = (name, config, file)
        _ = try experiment()
    }

    /// A problem from an experiment file (YAML or JSON), named after the file unless `name`
    /// is given.
    public init(contentsOf url: URL, name: String? = nil) throws {
        try self.init(name: name ?? url.deletingPathExtension().lastPathComponent, config: try ConfigNode.read(contentsOf: url), file: url.path)
    }

    /// A built-in problem; throws `DescentError.invalidArgument` for an unknown name.
    public static func builtIn(_ name: String) throws -> StudyProblem {
        guard let text = builtInConfigs[name] else {
            throw DescentError.invalidArgument(name: "problem", value: name, expected: "one of \(builtInNames.joined(separator: ", ")) (or an experiment file)")
        }
        return try StudyProblem(name: name, config: try ConfigNode.parse(text, file: "built-in \(name)"), file: "built-in \(name)")
    }

    /// The experiment as read, before a trial's changes.
    public func experiment() throws -> Experiment { try Experiment(node: config, file: file) }

    /// Epochs and sizes chosen so that the quick study (digits and quadratic, budget 10,
    /// 3 seeds, every rule and both schedules: 660 trials) runs in a few minutes on two cores.
    static let builtInConfigs: [String: String] = [
        "quadratic": """
            data: {dataset: quadratic, samples: 1000, seed: 0}
            model: [{type: dense, units: 1}]
            loss: mean_squared_error
            epochs: 20
            batch_size: 32
            """,
        "digits": """
            data: {dataset: digits, samples: 1800, seed: 0, split: {train: 0.6, validation: 0.2}}
            model: [{type: flatten}, {type: dense, units: 64, activation: relu}, {type: dense, units: 10}]
            epochs: 30
            batch_size: 32
            """,
        "mnist": """
            data: {dataset: digits-28, samples: 3000, seed: 0, split: {train: 0.6, validation: 0.2}}
            model: [{type: flatten}, {type: dense, units: 128, activation: relu}, {type: dense, units: 10}]
            epochs: 10
            batch_size: 64
            """,
        "cnn": """
            data: {dataset: digits-28, samples: 3000, seed: 0, split: {train: 0.6, validation: 0.2}}
            model:
              - {type: conv2d, filters: 8, kernel_size: 3, padding: same, activation: relu}
              - {type: max_pool_2d, pool_size: 2}
              - {type: conv2d, filters: 16, kernel_size: 3, padding: same, activation: relu}
              - {type: max_pool_2d, pool_size: 2}
              - {type: flatten}
              - {type: dense, units: 10}
            epochs: 5
            batch_size: 64
            """,
    ]
}
