/// Losses by config name (`loss: huber` in an experiment, `lossName` of a saved model), with
/// the kind of targets each one takes so that an experiment can check a loss against its data.
///
/// ```swift
/// let loss = try LossRegistry.make(name: "huber", options: LossOptions(delta: 2))
/// LossRegistry.targetKind(of: "hinge")    // .binaryLabels
/// ```
public enum LossRegistry {
    /// One registered loss: its name, its targets and how to build it from options.
    public struct Entry {
        public var name: String
        public var targetKind: LossTargetKind
        /// The options this loss reads (by their config spelling); others are an error.
        public var optionNames: [String]
        public var make: (LossOptions) -> any Loss
    }

    /// Every loss that configs may name, in a readable order.
    public nonisolated(unsafe) static var entries: [Entry] = [
        Entry(name: "softmax_cross_entropy", targetKind: .classIndices, optionNames: ["label_smoothing", "class_weights"]) {
            SoftmaxCrossEntropy(labelSmoothing: $0.labelSmoothing ?? 0, classWeights: $0.classWeights)
        },
        Entry(name: "binary_cross_entropy", targetKind: .binaryLabels, optionNames: []) { _ in BinaryCrossEntropy() },
        Entry(name: "categorical_hinge", targetKind: .classIndices, optionNames: []) { _ in CategoricalHinge() },
        Entry(name: "hinge", targetKind: .binaryLabels, optionNames: []) { _ in Hinge() },
        Entry(name: "squared_hinge", targetKind: .binaryLabels, optionNames: []) { _ in SquaredHinge() },
        Entry(name: "mean_squared_error", targetKind: .numbers, optionNames: []) { _ in MeanSquaredError() },
        Entry(name: "mean_absolute_error", targetKind: .numbers, optionNames: []) { _ in MeanAbsoluteError() },
        Entry(name: "huber", targetKind: .numbers, optionNames: ["delta"]) { Huber(delta: $0.delta ?? 1) },
        Entry(name: "kl_divergence", targetKind: .distributions, optionNames: []) { _ in KLDivergence() },
    ]

    /// The registered names, sorted, for messages.
    public static var names: [String] { entries.map(\.name).sorted() }

    /// The entry registered under `name`, nil when none is.
    public static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The targets the loss `name` takes, nil for an unknown name.
    public static func targetKind(of name: String) -> LossTargetKind? { entry(named: name)?.targetKind }

    /// The loss registered under `name`, built with `options`.
    ///
    /// - Throws: `DescentError.invalidArgument` for an unknown name, an option the loss does not
    ///   read, or an option out of range.
    public static func make(name: String, options: LossOptions = LossOptions()) throws -> any Loss {
        guard let entry = entry(named: name) else {
            throw DescentError.invalidArgument(name: "loss", value: name, expected: "one of \(names.joined(separator: ", "))")
        }
        for option in options.setNames where !entry.optionNames.contains(option) {
            let allowed = entry.optionNames.isEmpty ? "no options" : entry.optionNames.joined(separator: ", ")
            throw DescentError.invalidArgument(name: "loss option", value: option, expected: "\(name) takes \(allowed)")
        }
        try options.validate()
        return entry.make(options)
    }
}

/// Options for `LossRegistry.make`; nil means the loss's default. Config spellings:
/// `delta`, `label_smoothing`, `class_weights`.
public struct LossOptions: Equatable, Sendable {
    /// Huber's δ (default 1).
    public var delta: Float?
    /// SoftmaxCrossEntropy's ε (default 0).
    public var labelSmoothing: Float?
    /// SoftmaxCrossEntropy's per-class weights (default none).
    public var classWeights: [Float]?

    public init(delta: Float? = nil, labelSmoothing: Float? = nil, classWeights: [Float]? = nil) {
        self.delta = delta
        self.labelSmoothing = labelSmoothing
        self.classWeights = classWeights
    }

    /// The config names of the options that are set.
    var setNames: [String] {
        [("delta", delta != nil), ("label_smoothing", labelSmoothing != nil), ("class_weights", classWeights != nil)]
            .filter(\.1).map(\.0)
    }

    /// Throws for values the losses would reject with a precondition.
    func validate() throws {
        if let delta {
            try require(delta.isFinite && delta > 0, "huber delta", delta, expected: "a finite number > 0")
        }
        if let labelSmoothing {
            try require(labelSmoothing >= 0 && labelSmoothing <= 1, "label_smoothing", labelSmoothing, expected: "a number in [0, 1]")
        }
        if let classWeights {
            try require(classWeights.allSatisfy { $0.isFinite && $0 >= 0 }, "class_weights", classWeights,
                        expected: "finite weights ≥ 0, one per class")
        }
    }
}
