import ArgumentParser
import Descent
import Foundation

/// The `descent train` arguments for experiment files: a config to run, a run folder to
/// resume, or `--print-config` (an `@OptionGroup` of `TrainCommand`).
struct ExperimentOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("An experiment config (YAML or JSON) to run instead of the flags; see examples/.", valueName: "experiment.yaml"))
    var config: String?
    @Option(help: ArgumentHelp("Continue the run in this folder from its latest checkpoint (bit-identical to an uninterrupted run).", valueName: "run-folder"))
    var resume: String?
    @Flag(help: "Print the resolved config, every default filled in (from the config file or the flags), and exit.")
    var printConfig = false

    /// Runs the config, resumes, or prints; false when the flags should train as before. The
    /// diagnostics flags add to a config's (or a resumed run's) `diagnostics` section.
    func run(flags: () throws -> TrainingSettings, diagnostics: DiagnosticsOptions, quiet: Bool) throws -> Bool {
        if config != nil && resume != nil { throw CommandFailure("give a config file or --resume RUN_FOLDER, not both") }
        if let resume {
            if printConfig { throw CommandFailure("--print-config goes with a config file or the flags, not --resume") }
            var run = try ExperimentRun.resuming(URL(fileURLWithPath: resume))
            run.config.diagnostics = diagnostics.merged(into: run.config.diagnostics)
            let outcome = try run.execute(quiet: quiet, resume: true)
            print(outcome.summary)
            return true
        }
        var experiment: ExperimentConfig
        if let config {
            experiment = try ExperimentConfig(contentsOf: URL(fileURLWithPath: config))
            experiment.diagnostics = diagnostics.merged(into: experiment.diagnostics)
        } else if printConfig {
            experiment = try ExperimentConfig(node: try ExperimentConfig.node(from: try flags()), file: "descent train flags")
        } else {
            return false
        }
        if printConfig {
            print(try ExperimentConfig.resolvedNode(experiment, setup: try ExperimentSetup(experiment)).yamlText, terminator: "")
        } else {
            print(try ExperimentRun(config: experiment).execute(quiet: quiet, resume: false).summary)
        }
        return true
    }
}

extension ExperimentConfig {
    /// The experiment the flags of `descent train` describe: an MLP on built-in, CSV or image
    /// data, or the `--model cnn` network described layer by layer.
    static func node(from settings: TrainingSettings) throws -> ConfigNode {
        var data: [(String, ConfigNode)]
        var layers: [ConfigNode] = []
        if let files = settings.files {
            let scaling = (files.scaling == .minMax ? "min-max" : files.scaling == .imageScaling ? "image" : files.scaling.rawValue).configNode
            if let csv = files.csv, let label = files.labelColumn {
                data = [("csv", csv.configNode), ("label", label.configNode), ("scaling", scaling)]
            } else {
                data = [("images", (files.images ?? "").configNode), ("labels", (files.labels ?? "").configNode),
                        ("channels_first", (files.layout == .channelsFirst).configNode), ("scaling", scaling)]
                if files.model == "mlp" { layers.append(.object([("type", "flatten".configNode)])) }
            }
        } else {
            data = [("dataset", settings.dataset.configNode), ("samples", settings.samples.configNode)]
        }
        data.append(("split", .object([("train", settings.trainFraction.configNode), ("validation", settings.validationFraction.configNode)])))
        let r = settings.regularization
        let penalty: ConfigNode = r.l1 > 0 || r.l2 > 0 ? .object([("l1", r.l1.configNode), ("l2", r.l2.configNode)]) : ConfigNode(.null)
        let data0 = try ExperimentSetup.load(try ExperimentConfig(node: .object([("data", .object(data)), ("model", ConfigNode(.array([.object([("type", "flatten".configNode)])])))]), file: "flags").data, seed: settings.seed)
        let outputs = data0.classCount ?? data0.targets.shape.last ?? 1
        if let cnn = try settings.files?.makeConvolutionalModel(sampleShape: data0.sampleShape, outputs: outputs, hidden: settings.hidden, seed: settings.seed) {
            layers = try ModelSpec(describing: cnn, inputShape: data0.sampleShape).layers
        } else {
            for units in settings.hidden {
                layers.append(.object([("type", "dense".configNode), ("units", units.configNode), ("activation", (r.batchNorm ? "linear" : settings.activation).configNode),
                                       ("weight_initializer", r.initializer.configNode), ("weight_regularizer", penalty)]))
                if r.batchNorm {
                    layers += [.object([("type", "batch_norm".configNode)]), .object([("type", "activation".configNode), ("activation", settings.activation.configNode)])]
                }
                if r.dropout > 0 { layers.append(.object([("type", "dropout".configNode), ("rate", r.dropout.configNode)])) }
            }
            layers.append(.object([("type", "dense".configNode), ("units", outputs.configNode),
                                   ("weight_initializer", r.initializer.configNode), ("weight_regularizer", penalty)]))
        }
        let spec = try settings.optimizerSpec()
        var optimizer: [(String, ConfigNode)] = [("type", spec.name.configNode), ("learning_rate", settings.learningRate.configNode)]
        optimizer += spec.settings.keys.sorted().filter { $0 != "lr" }.map { ExperimentConfig.optimizerEntry($0, spec.settings[$0]!) }
        var callbacks: [ConfigNode] = r.earlyStoppingPatience.map { patience in
            [.object([("type", "early_stopping".configNode), ("monitor", "val_loss".configNode), ("patience", patience.configNode),
                      ("min_delta", r.earlyStoppingMinDelta.configNode), ("restore_best_weights", true.configNode)])]
        } ?? []
        if let plateau = settings.scheduling?.plateau { callbacks.append(CallbackSpec.plateau(plateau).node) }
        let schedule = settings.scheduling.flatMap { scheduling in scheduling.schedule?.configNode(unit: scheduling.unit) }
        return .object([
            ("data", .object(data)), ("model", ConfigNode(.array(layers))), ("optimizer", .object(optimizer)),
            ("schedule", schedule ?? ConfigNode(.null)), ("callbacks", ConfigNode(.array(callbacks))), ("augmentation", .object([("input_noise", r.inputNoise.configNode)])),
            ("diagnostics", .object([("diagnostics", (settings.diagnostics?.diagnostics ?? false).configNode),
                                     ("tensorboard", (settings.diagnostics?.tensorBoard ?? false).configNode),
                                     ("sanity_checks", (settings.diagnostics?.sanityChecks ?? false).configNode)])),
            ("epochs", settings.epochs.configNode), ("batch_size", settings.batchSize.configNode), ("seed", settings.seed.configNode),
            ("output", settings.output.configNode),
        ])
    }
}
