import Foundation

/// The result file of one trial, in the layout of DeepOBS and the Crowded-Valley results, so
/// that their analysis tools read it: per-epoch losses and accuracies on the training,
/// validation and test splits (null where an epoch was not reached or its value is not
/// finite; accuracies are empty for a regression problem). `train_losses` are the epoch's
/// running means over its mini-batches (Keras' `loss`); validation and test are evaluated
/// after each epoch in evaluation mode. Nothing in it depends on the clock.
public struct TrialRecord: Codable, Equatable, Sendable {
    /// A hyperparameter's value as JSON writes it: a number, a Boolean or a text.
    public enum Value: Codable, Equatable, Sendable, CustomStringConvertible {
        case number(Double), flag(Bool), text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { self = .flag(flag) } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else { self = .text(try container.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .flag(let flag): try container.encode(flag)
            case .text(let text): try container.encode(text)
            }
        }

        /// A number as the Float the rule holds (`0.001`, `1e-08`).
        public var description: String {
            switch self {
            case .number(let number): return "\(Float(number))"
            case .flag(let flag): return "\(flag)"
            case .text(let text): return text
            }
        }

        init(_ node: ConfigNode) {
            switch node.value {
            case .bool(let flag): self = .flag(flag)
            case .int(let number): self = .number(Double(number))
            case .double(let number): self = .number(Double("\(Float(number))") ?? number)   // 0.8072, as the rule holds it
            default: self = .text(node.yamlText.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }

    public var testproblem: String
    public var batchSize: Int
    public var numEpochs: Int
    public var randomSeed: Int
    public var optimizerName: String
    public var optimizerHyperparams: [String: Value]
    /// `lr_schedule` (constant or cosine) and `data_seed`.
    public var trainingParams: [String: Value]
    public var trainLosses: [Double?]
    public var validLosses: [Double?]
    public var testLosses: [Double?]
    public var trainAccuracies: [Double?]
    public var validAccuracies: [Double?]
    public var testAccuracies: [Double?]
    /// Why training stopped early (a non-finite loss), nil when it ran every epoch.
    public var stopReason: String?

    enum CodingKeys: String, CodingKey {
        case testproblem, batchSize = "batch_size", numEpochs = "num_epochs", randomSeed = "random_seed", optimizerName = "optimizer_name"
        case optimizerHyperparams = "optimizer_hyperparams", trainingParams = "training_params", trainLosses = "train_losses"
        case validLosses = "valid_losses", testLosses = "test_losses", trainAccuracies = "train_accuracies"
        case validAccuracies = "valid_accuracies", testAccuracies = "test_accuracies", stopReason = "stop_reason"
    }

    /// True when the problem is scored by accuracy (classification), false by loss.
    public var isScoredByAccuracy: Bool { !testAccuracies.isEmpty }

    /// The last epoch's validation score: accuracy (higher is better) or loss (lower is better);
    /// nil when training diverged.
    public var finalValidation: Double? { (isScoredByAccuracy ? validAccuracies : validLosses).last ?? nil }

    /// The last epoch's test accuracy or loss; nil when training diverged.
    public var finalTest: Double? { (isScoredByAccuracy ? testAccuracies : testLosses).last ?? nil }

    /// The record as pretty-printed JSON with sorted keys (the same record, the same bytes).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a record file; throws `DescentError.file` when it is not one.
    public static func read(_ url: URL) throws -> TrialRecord {
        do { return try JSONDecoder().decode(TrialRecord.self, from: Data(contentsOf: url)) } catch {
            throw DescentError.file(path: url.path, problem: "is not a trial result (\(error.localizedDescription)); delete it to rerun the trial")
        }
    }
}
