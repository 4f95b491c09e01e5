/// An oversized MLP on a small noisy dataset, trained without and with L2, dropout and early
/// stopping: the gap between training and validation loss shows overfitting and its remedies.
///
/// The data are `samples` two-moons points with noise σ = `noise`, half for training and half
/// for validation. Every variant trains a 2-256-256-256-2 ReLU network with Adam (η = 10⁻³,
/// batches of 16) for `epochs` epochs from the same seeds.
///
///     let study = try OverfittingStudy(samples: 60, epochs: 50)
///     let (train, validation) = try study.data()
///     for variant in study.variants {
///         print(try study.train(variant, train: train, validation: validation).row)
///     }
public struct OverfittingStudy: Sendable {
    public var samples: Int
    /// σ of the Gaussian noise added to the points.
    public var noise: Float
    public var epochs: Int
    /// L2 strength of the `l2` and `all` variants (Keras convention: l2·Σw²).
    public var l2: Float
    /// Dropout rate of the `dropout` and `all` variants.
    public var dropout: Float
    /// Patience of the `early-stopping` and `all` variants (validation loss, best weights restored).
    public var patience: Int
    /// Seed for data, weights (seed + 1), shuffling and dropout (seed + 2).
    public var seed: UInt64

    /// Throws `DescentError.invalidArgument` unless samples ≥ 8, epochs ≥ 1, noise ≥ 0,
    /// l2 ≥ 0, dropout in [0, 1) and patience ≥ 0.
    public init(samples: Int = 100, noise: Float = 0.35, epochs: Int = 300, l2: Float = 1e-3,
                dropout: Float = 0.5, patience: Int = 20, seed: UInt64 = 0) throws {
        let checks: [(String, String, Bool, String)] = [
            ("samples", "\(samples)", samples >= 8, "at least 8"), ("epochs", "\(epochs)", epochs >= 1, "at least 1"),
            ("noise", "\(noise)", noise >= 0, "≥ 0"), ("l2", "\(l2)", l2 >= 0, "≥ 0"),
            ("dropout", "\(dropout)", dropout >= 0 && dropout < 1, "in [0, 1)"), ("patience", "\(patience)", patience >= 0, "≥ 0"),
        ]
        if let failed = checks.first(where: { !$0.2 }) {
            throw DescentError.invalidArgument(name: failed.0, value: failed.1, expected: failed.3)
        }
        (self.samples, self.noise, self.epochs, self.l2, self.dropout, self.patience, self.seed) =
            (samples, noise, epochs, l2, dropout, patience, seed)
    }

    /// baseline, l2, dropout, early-stopping and all three together, in that order.
    public var variants: [OverfittingVariant] {
        [OverfittingVariant(name: "baseline"),
         OverfittingVariant(name: "l2", l2: l2),
         OverfittingVariant(name: "dropout", dropout: dropout),
         OverfittingVariant(name: "early-stopping", patience: patience),
         OverfittingVariant(name: "all", l2: l2, dropout: dropout, patience: patience)]
    }

    /// The noisy two-moons points, split half for training and half for validation.
    public func data() throws -> (train: Dataset, validation: Dataset) {
        let points = SyntheticData.moons(samples: samples, noise: noise, generator: RandomGenerator(seed: seed))
        let parts = try points.split(train: 0.5, validation: 0.5, seed: seed)
        return (parts.train, parts.validation)
    }

    /// The `model:` entries of a variant's network (what a run folder's model.yaml holds).
    public func modelLayers(_ variant: OverfittingVariant) -> [ConfigNode] {
        ModelSpec.multilayerPerceptron(hidden: [256, 256, 256], outputs: 2, dropout: variant.dropout, l2: variant.l2)
    }

    /// Trains one variant and evaluates it in evaluation mode (best weights restored for early
    /// stopping). `callbacks` run after the variant's early stopping, e.g. a `CSVLogger`.
    public func train(_ variant: OverfittingVariant, train: Dataset, validation: Dataset,
                      callbacks: [any Callback] = []) throws -> OverfittingOutcome {
        let spec = ModelSpec(inputShape: [2], layers: modelLayers(variant))
        let model = try spec.build(generators: LayerGenerators(seed: seed &+ 1), file: "overfitting")
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
                              optimizer: Optimizer(Adam(), parameters: model.parameters, learningRate: 1e-3))
        let stopping = variant.patience.map { [EarlyStopping(monitor: .validationLoss, patience: $0, restoresBestWeights: true, isVerbose: false)] } ?? []
        let history = try trainer.fit(train.features, train.targets, epochs: epochs, batchSize: 16,
                                      validationData: (validation.features, validation.targets),
                                      seed: seed &+ 2, verbosity: .silent, callbacks: stopping + callbacks)
        let validationResult = trainer.evaluate(validation.features, validation.targets)
        return OverfittingOutcome(variant: variant.name, history: history,
                                  trainingLoss: trainer.evaluate(train.features, train.targets)[.loss]!,
                                  validationLoss: validationResult[.loss]!, validationAccuracy: validationResult[.accuracy]!)
    }
}

/// The regularization of one `OverfittingStudy` variant; zero and nil switch a remedy off.
public struct OverfittingVariant: Equatable, Sendable {
    public var name: String
    public var l2: Float = 0
    public var dropout: Float = 0
    /// Early stopping's patience; nil trains every epoch.
    public var patience: Int?

    public init(name: String, l2: Float = 0, dropout: Float = 0, patience: Int? = nil) {
        (self.name, self.l2, self.dropout, self.patience) = (name, l2, dropout, patience)
    }
}
