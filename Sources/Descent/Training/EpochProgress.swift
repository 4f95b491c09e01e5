/// How far `fit` has come through the epoch in progress: what a checkpoint taken between two
/// batches needs to finish that epoch exactly as an uninterrupted run would.
///
/// The epoch's order of samples is drawn from the shuffler at the epoch's start, so the
/// shuffler's position *before* that draw is kept: a resumed `fit` draws the same permutation
/// again and skips the `batches` already trained. The running sums make the epoch's reported
/// loss and metrics (sample-weighted means) the same as well.
public struct EpochProgress: Codable, Equatable, Sendable {
    /// Batches of this epoch already trained (the next batch to run).
    public var batches = 0
    /// Σ batch loss × batch size over those batches.
    public var lossTotal = 0.0
    /// Σ penalty × batch size; nil while the model has no penalty.
    public var penaltyTotal: Double?
    /// Σ per metric, in the order of `Trainer.metrics`.
    public var metricTotals: [Double] = []
    /// Samples trained in this epoch so far.
    public var samples = 0
    /// The shuffler's position before it drew this epoch's permutation.
    public var shufflerAtEpochStart: RandomState

    public init(shufflerAtEpochStart: RandomState, metricCount: Int) {
        self.shufflerAtEpochStart = shufflerAtEpochStart
        self.metricTotals = [Double](repeating: 0, count: metricCount)
    }
}
