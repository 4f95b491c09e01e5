
extension Experiment {
    /// The experiment with every default filled in and the model's layers fully spelled out,
    /// in the order of the file format; reading it back gives the same experiment. Builds the
    /// data and the model to resolve `auto` settings.
    public func resolvedNode() throws -> ConfigNode { try resolvedNode(setup: try ExperimentSetup(self)) }

    /// `resolvedNode()` with the data and model already built.
    func resolvedNode(setup: ExperimentSetup) throws -> ConfigNode {
        let config = self
        let data = config.data
        var dataPairs: [(String, ConfigNode)] = []
        if let dataset = data.dataset { dataPairs += [("dataset", dataset.configNode), ("samples", data.samples.configNode)] }
        if let csv = data.csv { dataPairs += [("csv", csv.configNode), ("label", (data.label ?? "").configNode)] }
        if let images = data.images {
            dataPairs += [("images", images.configNode), ("labels", (data.labels ?? "").configNode), ("channels_first", data.channelsFirst.configNode)]
        }
        dataPairs += data.splitFilePairs + [("scaling", data.scaling.configNode), ("task", data.task.configNode)]
        if let split = data.splitNode { dataPairs.append(("split", split)) }
        if let seed = data.seed { dataPairs.append(("seed", seed.configNode)) }
        let head = try ModelSpec(inputShape: setup.inputShape, layers: config.model).resolvedLayers(file: config.file, onto: setup.body)
        var pairs: [(String, ConfigNode)] = [("data", .object(dataPairs))]
        if let base = config.base {
            pairs.append(("base", .object([("model", base.model.configNode), ("drop_last", base.dropLast.configNode),
                                           ("cut_at", base.cutAt ?? ConfigNode(.null)),
                                           ("freeze_until", base.freezeUntil ?? ConfigNode(.null))])))
        }
        pairs += [
            ("model", ConfigNode(.array(head))), ("loss", config.resolvedLoss(setup.lossName)), ("metrics", setup.metrics.map(\.rawValue).configNode),
            ("optimizer", config.optimizer.node), ("schedule", config.schedule?.node ?? ConfigNode(.null)),
            ("callbacks", ConfigNode(.array(try config.makeCallbacks().map(\.configNode)))),
            ("checkpoint", .object([("period", config.checkpoint.period.configNode), ("keep", config.checkpoint.keep.map(\.configNode) ?? ConfigNode(.null)),
                                    ("save_best_only", config.checkpoint.saveBestOnly.configNode), ("monitor", config.checkpoint.monitor.configNode),
                                    ("every_batches", config.checkpoint.everyBatches.map(\.configNode) ?? ConfigNode(.null))])),
            ("augmentation", config.augmentationNode),
        ]
        if let fineTune = config.fineTune {
            pairs.append(("fine_tune", .object([("unfreeze_from", fineTune.unfreezeFrom), ("epochs", fineTune.epochs.configNode),
                                                ("learning_rate", fineTune.learningRate.configNode)])))
        }
        let diagnostics = config.diagnostics
        pairs.append(("diagnostics", .object([("diagnostics", diagnostics.diagnostics.configNode), ("tensorboard", diagnostics.tensorBoard.configNode),
                                              ("sanity_checks", diagnostics.sanityChecks.configNode)])))
        if config.distributed != DistributedSettings() { pairs.append(("distributed", config.distributed.node)) }
        pairs += [("epochs", config.epochs.configNode), ("batch_size", config.batchSize.configNode), ("seed", config.seed.configNode),
                  ("output", config.output.configNode)]
        return .object(pairs)
    }
}
