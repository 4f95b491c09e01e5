import Foundation

extension SavedModel {
    /// What the model was trained on, to match new data to (see `DataSchema`).
    public var dataSchema: DataSchema {
        DataSchema(sampleShape: inputShape, featureNames: featureNames, labelName: labelName, classNames: classNames, origin: .model)
    }

    /// The rows of the CSV file at `path` as data for this model: the feature columns matched
    /// by name to those it was trained on (in any order), and, with `label`, the targets in the
    /// model's classes (by name) or as numbers. Throws, naming the columns, when a feature
    /// column is missing or a column is left over (a forgotten `label`, another dataset).
    public func dataset(csv path: String, label: String?) throws -> Dataset {
        try dataSchema.dataset(csv: path, label: label)
    }

    /// Images (and labels, when given) from IDX or NPY files as data for this model: their
    /// sample shape must be the model's input shape, their labels among its classes.
    public func dataset(images: String, labels: String?, layout: ImageLayout = .channelsLast) throws -> Dataset {
        try dataSchema.dataset(images: images, labels: labels, layout: layout)
    }
}
