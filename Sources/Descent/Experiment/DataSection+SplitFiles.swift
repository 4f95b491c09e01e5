import Foundation

/// The user's own validation and test files, and how the training file is split around them.
///
/// The training file is cut only into the parts that do not come from files:
///
///     no split files      train | validation | test = split.train | split.validation | the rest
///     validation file     train | test               = split.train | the rest
///     test file           train | validation         = the rest    | split.validation
///     both                train                      = all of it
///
/// A `split` key that no part uses (`split.validation` beside a validation file, `split.train`
/// beside a test file) is an error. `split.validation: 0` (or `train + validation = 1`) leaves a
/// part empty: the run then has no validation (or no test), which is allowed.
extension Experiment.DataSection {
    /// The split-file keys of `data:` in file order: the field each sets and the source it goes with.
    static let splitFileKeys: [(key: String, field: WritableKeyPath<Self, String?>, source: String)] = [
        ("validation_csv", \.validationCSV, "csv"), ("test_csv", \.testCSV, "csv"), ("validation_images", \.validationImages, "images"),
        ("validation_labels", \.validationLabels, "images"), ("test_images", \.testImages, "images"), ("test_labels", \.testLabels, "images"),
    ]

    /// True when validation data comes from a file.
    public var hasValidationFile: Bool { validationCSV != nil || validationImages != nil }
    /// True when test data comes from a file.
    public var hasTestFile: Bool { testCSV != nil || testImages != nil }

    /// Reads and checks the split-file keys.
    mutating func readSplitFiles(_ section: ConfigObject) throws {
        for (key, field, _) in Self.splitFileKeys { self[keyPath: field] = try section.optional(key) }
        for (key, _, source) in Self.splitFileKeys where section.contains(key) {
            let hasSource = source == "csv" ? csv != nil : images != nil
            try section.check(hasSource, key, "a \(source == "csv" ? "CSV file beside csv (the training file)" : "file beside images (the training images)")")
        }
        for (images, labels) in [("validation_images", "validation_labels"), ("test_images", "test_labels")] where section.contains(images) != section.contains(labels) {
            throw section.error(section.contains(images) ? images : labels, "needs \(section.contains(images) ? labels : images) too")
        }
    }

    /// Reads and checks `split:`, rejecting the keys the split files leave without use.
    mutating func readSplit(_ split: ConfigObject) throws {
        if hasValidationFile && hasTestFile {
            throw split.error(nil, "does not apply: the validation and test data come from files, so all of the training file trains")
        }
        if hasValidationFile && split.contains("validation") {
            throw split.error("validation", "does not apply: the validation data comes from a file; split.train alone says how much of the training file trains (the rest is the test part)")
        }
        if hasTestFile && split.contains("train") {
            throw split.error("train", "does not apply: the test data comes from a file; split.validation alone says how much of the training file is held out for validation")
        }
        train = try split.value("train", default: train)
        validation = try split.value("validation", default: validation)
        // beside a validation file the validation share is not used: train alone may be 1
        let fractions = hasTestFile ? validation >= 0 && validation < 1
            : hasValidationFile ? train > 0 && train <= 1 : train > 0 && validation >= 0 && train + validation <= 1
        try split.check(fractions, hasTestFile ? "validation" : "train",
                        hasTestFile ? "a fraction in [0, 1)" : hasValidationFile ? "a fraction in (0, 1]" : "fractions with train > 0 and train + validation ≤ 1")
        try split.rejectUnknownKeys()
    }

    /// The shares of the training file for (train, validation, test): zero for a part that comes
    /// from a file.
    public var shares: (train: Double, validation: Double, test: Double) {
        switch (hasValidationFile, hasTestFile) {
        case (false, false): return (train, validation, Swift.max(0, 1 - train - validation))
        case (true, false): return (train, 0, Swift.max(0, 1 - train))
        case (false, true): return (1 - validation, validation, 0)
        case (true, true): return (1, 0, 0)
        }
    }

    /// The `split:` keys that apply, as `resolvedNode` writes them; nil when none does.
    var splitNode: ConfigNode? {
        switch (hasValidationFile, hasTestFile) {
        case (false, false): return .object([("train", train.configNode), ("validation", validation.configNode)])
        case (true, false): return .object([("train", train.configNode)])
        case (false, true): return .object([("validation", validation.configNode)])
        case (true, true): return nil
        }
    }

    /// The split-file keys that are set, in file order.
    var splitFilePairs: [(String, ConfigNode)] {
        Self.splitFileKeys.compactMap { key, field, _ in self[keyPath: field].map { (key, $0.configNode) } }
    }

    /// `data` split by `shares`, with the parts given as files read in its schema (columns by
    /// name, classes by name, images by shape).
    public func split(_ data: Dataset, seed: UInt64) throws -> (train: Dataset, validation: Dataset, test: Dataset) {
        let (trainShare, validationShare, _) = shares
        var parts = try hasTestFile ? data.split(validation: validationShare, seed: seed)
                                    : data.split(train: trainShare, validation: validationShare, seed: seed)
        let schema = DataSchema(of: data, labelName: label, origin: .trainingData(path: csv ?? images ?? "the training data"))
        let layout: ImageLayout = channelsFirst ? .channelsFirst : .channelsLast
        if let validationCSV { parts.validation = try schema.dataset(csv: validationCSV, label: label) }
        if let validationImages { parts.validation = try schema.dataset(images: validationImages, labels: validationLabels, layout: layout) }
        if let testCSV { parts.test = try schema.dataset(csv: testCSV, label: label) }
        if let testImages { parts.test = try schema.dataset(images: testImages, labels: testLabels, layout: layout) }
        return parts
    }
}
