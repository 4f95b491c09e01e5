/// The `distributed:` section of an experiment: how data-parallel training behaves when the run
/// has several ranks (`mpirun -np N descent train …`); one process ignores it.
///
///     distributed:
///       sync_batch_norm: false       # BatchNorm statistics over the global batch, not each rank's share
///       scale_learning_rate: false   # η·N with a linear warm-up from η (Goyal et al., 2017)
///       warmup_epochs: 5             # the warm-up's length
///       fixed_order_chunks: 0        # K > 0: reduce in a fixed order, same weights for any N ≤ K
///
/// The global batch is `batch_size` whatever the number of ranks N: each rank takes a contiguous
/// share of every batch (sizes differ by at most one row, an uneven split rather than an error),
/// so N only changes how the work is divided. `scale_learning_rate` is for the other practice,
/// growing the global batch with N (set `batch_size` accordingly).
///
/// `fixed_order_chunks` K splits every global batch into K chunks computed one at a time and
/// summed in chunk order after an exchange of all chunk gradients, so that 1, 2, … K ranks give
/// the same weights bit for bit (models without batch statistics or dropout); it costs K
/// smaller passes and K times the bytes exchanged.
public struct DistributedSettings: Equatable, Sendable {
    public var syncBatchNorm = false
    public var scaleLearningRate = false
    public var warmupEpochs = 5
    public var fixedOrderChunks = 0

    public init(syncBatchNorm: Bool = false, scaleLearningRate: Bool = false, warmupEpochs: Int = 5, fixedOrderChunks: Int = 0) {
        (self.syncBatchNorm, self.scaleLearningRate, self.warmupEpochs, self.fixedOrderChunks) = (syncBatchNorm, scaleLearningRate, warmupEpochs, fixedOrderChunks)
    }

    /// Reads and checks the section.
    public init(_ section: ConfigObject) throws {
        syncBatchNorm = try section.value("sync_batch_norm", default: false)
        scaleLearningRate = try section.value("scale_learning_rate", default: false)
        warmupEpochs = try section.value("warmup_epochs", default: 5)
        try section.check(warmupEpochs >= 0, "warmup_epochs", "an integer ≥ 0")
        fixedOrderChunks = try section.value("fixed_order_chunks", default: 0)
        try section.check((0...1024).contains(fixedOrderChunks), "fixed_order_chunks", "an integer in [0, 1024] (0: off)")
        try section.rejectUnknownKeys()
    }

    /// The section as `resolvedNode` writes it.
    var node: ConfigNode {
        .object([("sync_batch_norm", syncBatchNorm.configNode), ("scale_learning_rate", scaleLearningRate.configNode),
                 ("warmup_epochs", warmupEpochs.configNode), ("fixed_order_chunks", fixedOrderChunks.configNode)])
    }
}
