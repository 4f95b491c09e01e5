import Foundation

/// Everything a run needs to continue exactly from the end of an epoch, in one safetensors
/// file (so that one atomic rename publishes all of it):
///
///     tensors   model.<path>                 the weights, running statistics included
///               optimizer.<path>.<slot>      e.g. optimizer.0.weight.exp_avg
///               accumulated.<path>           gradient sums of an unfinished accumulation
///               callbacks.<key>.<name>       e.g. callbacks.early_stopping.0.weight (best weights)
///     metadata  descent.state                JSON: phase, epoch, batch, optimizer step and
///                                            learning rate, shuffler and dropout/augmentation
///                                            generator positions, callback numbers, history
///               descent.architecture         the model's architecture.json, when known
///               descent.experiment           the resolved experiment it trains, when known
///
/// A checkpoint taken at an epoch's end has `batch` 0; one taken between two batches (see
/// `TrainingCheckpointer.batchInterval`) also holds the `EpochProgress` of the epoch in
/// progress, and its shuffler stands where that epoch began. The schedule needs no entry:
/// schedules are pure functions of the optimizer step.
public struct TrainingCheckpoint {
    /// The training phase (0 for the main fit, 1 for fine-tuning after transfer).
    public var phase: Int
    /// Epochs finished in this phase.
    public var epoch: Int
    /// The next batch of epoch `epoch + 1`: 0 at an epoch's end.
    public var batch: Int { epochInProgress?.batches ?? 0 }
    /// Epoch `epoch + 1` so far, for a checkpoint taken between two of its batches.
    public var epochInProgress: EpochProgress?
    public var weights: [String: Tensor]
    public var optimizer: OptimizerCheckpoint
    public var shuffler: RandomState
    var generators: GeneratorStates
    public var callbacks: [String: CallbackState]
    /// The epochs trained so far in this phase, and why training stopped, if it did.
    public var history: History
    public var architecture: ConfigNode?
    /// The resolved experiment the run trains (`ExperimentRun` checks it on resume).
    public var experiment: ConfigNode?
    /// Where the checkpoint was read from, for messages ("a checkpoint" when built in memory).
    public var source = "a checkpoint"

    static let stateKey = "descent.state"
    static let architectureKey = "descent.architecture"
    static let experimentKey = "descent.experiment"

    /// The state of a running fit: `model`, `optimizer`, the shuffler and the generators of
    /// the model's stochastic layers and of `augmentation`.
    init(phase: Int, history: History, model: any Layer, optimizer: any OptimizerProtocol, shuffler: RandomGenerator,
         augmentation: (any Augmentation)?, callbacks: [any StatefulCallback], architecture: ConfigNode?, epochInProgress: EpochProgress? = nil) {
        self.phase = phase
        self.epoch = history.epochs.last?.epoch ?? 0
        self.epochInProgress = epochInProgress
        self.weights = model.weightTensors
        self.optimizer = optimizer.checkpoint()
        self.shuffler = epochInProgress?.shufflerAtEpochStart ?? shuffler.state
        self.generators = GeneratorStates(model: model, augmentation: augmentation)
        self.callbacks = Dictionary(callbacks.map { ($0.stateKey, $0.checkpointState(model: model)) }, uniquingKeysWith: { a, _ in a })
        self.history = history
        self.architecture = architecture
    }

    /// Puts the weights, the optimizer state and the generator positions back into a freshly
    /// built model, optimizer and augmentation. Callback states and the shuffler go to the
    /// `TrainingCheckpointer` and `fit`. Throws when the checkpoint does not fit the model.
    public func restore(model: any Layer, optimizer: any OptimizerProtocol, augmentation: (any Augmentation)?, source: String) throws {
        try model.loadWeights(weights, source: source)
        try optimizer.restore(self.optimizer)
        try generators.restore(model: model, augmentation: augmentation, source: source)
    }

    /// The file's contents.
    public func encoded() throws -> Data {
        var tensors: [String: Tensor] = [:]
        for (path, value) in weights { tensors["model.\(path)"] = value }
        for (path, slots) in optimizer.slots { for (slot, value) in slots { tensors["optimizer.\(path).\(slot)"] = value } }
        for (path, value) in optimizer.accumulatedGradients { tensors["accumulated.\(path)"] = value }
        for (key, state) in callbacks { for (name, value) in state.tensors { tensors["callbacks.\(key).\(name)"] = value } }
        let json = try Self.encoder.encode(State(self))
        var metadata = [Self.stateKey: String(decoding: json, as: UTF8.self)]
        metadata[Self.architectureKey] = architecture?.jsonText
        metadata[Self.experimentKey] = experiment?.jsonText
        return SafeTensors(tensors: tensors, metadata: metadata).encoded()
    }

    /// Writes the checkpoint atomically.
    public func write(to url: URL) throws { try AtomicFile.write(try encoded(), to: url) }

    /// Reads a checkpoint, refusing a truncated or inconsistent file with a message naming it.
    public init(contentsOf url: URL) throws {
        try self.init(file: try SafeTensors(contentsOf: url), source: url.path)
    }

    /// Parses the bytes of a checkpoint file; `source` names them in errors.
    public init(data: Data, source: String) throws {
        try self.init(file: try SafeTensors(data: data, source: source), source: source)
    }

    private init(file: SafeTensors, source: String) throws {
        guard let json = file.metadata[Self.stateKey] else {
            throw DescentError.file(path: source, problem: "is a safetensors file without \(Self.stateKey) metadata, not a training checkpoint")
        }
        let state: State
        do { state = try Self.decoder.decode(State.self, from: Data(json.utf8)) } catch {
            throw DescentError.file(path: source, problem: "has an unreadable \(Self.stateKey) (\(error))")
        }
        guard state.version == 1 else { throw DescentError.file(path: source, problem: "has checkpoint version \(state.version); this Descent reads version 1") }
        var weights: [String: Tensor] = [:], slots: [String: [String: Tensor]] = [:], callbackTensors: [String: [String: Tensor]] = [:]
        var accumulated: [String: Tensor] = [:]
        for (name, value) in file.tensors {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw DescentError.file(path: source, problem: "has an unexpected tensor '\(name)'") }
            switch parts[0] {
            case "model": weights[parts[1]] = value
            case "accumulated": accumulated[parts[1]] = value
            case "optimizer":
                guard let dot = parts[1].lastIndex(of: ".") else { throw DescentError.file(path: source, problem: "has an unexpected tensor '\(name)'") }
                slots[String(parts[1][..<dot]), default: [:]][String(parts[1][parts[1].index(after: dot)...])] = value
            case "callbacks":
                let rest = parts[1].split(separator: ".", maxSplits: 1).map(String.init)
                guard rest.count == 2 else { throw DescentError.file(path: source, problem: "has an unexpected tensor '\(name)'") }
                callbackTensors[rest[0], default: [:]][rest[1]] = value
            default: throw DescentError.file(path: source, problem: "has an unexpected tensor '\(name)'")
            }
        }
        guard state.batch == (state.epochInProgress?.batches ?? 0) else {
            throw DescentError.file(path: source, problem: "says batch \(state.batch) but holds the progress of \(state.epochInProgress?.batches ?? 0) batches")
        }
        phase = state.phase
        epoch = state.epoch
        epochInProgress = state.epochInProgress
        self.weights = weights
        optimizer = OptimizerCheckpoint(rule: state.optimizer.rule, step: state.optimizer.step, learningRate: state.optimizer.learningRate,
                                        slots: slots, accumulatedBatches: state.optimizer.accumulatedBatches, accumulatedGradients: accumulated)
        shuffler = state.shuffler
        generators = state.generators
        callbacks = state.callbacks.mapValues { CallbackState(values: $0) }
        for (key, tensors) in callbackTensors { callbacks[key, default: CallbackState()].tensors = tensors }
        history = History()
        history.epochs = state.history.map { EpochReport(epoch: $0.epoch, metrics: Dictionary(uniqueKeysWithValues: $0.metrics.map { (MetricKey(rawValue: $0.key), $0.value) }), seconds: $0.seconds) }
        history.stopReason = state.stopReason
        architecture = try file.metadata[Self.architectureKey].map { try ConfigNode.parse($0, file: "\(source) (\(Self.architectureKey))") }
        experiment = try file.metadata[Self.experimentKey].map { try ConfigNode.parse($0, file: "\(source) (\(Self.experimentKey))") }
        self.source = source
    }

    /// The JSON part of the file.
    struct State: Codable {
        struct Optimizer: Codable { var rule: String; var step: Int; var learningRate: Float; var accumulatedBatches: Int }
        struct Epoch: Codable { var epoch: Int; var seconds: Double; var metrics: [String: Double] }
        var version = 1
        var phase: Int
        var epoch: Int
        var batch: Int
        var epochInProgress: EpochProgress?
        var optimizer: Optimizer
        var shuffler: RandomState
        var generators: GeneratorStates
        var callbacks: [String: [String: Double]]
        var history: [Epoch]
        var stopReason: StopReason?

        init(_ checkpoint: TrainingCheckpoint) {
            phase = checkpoint.phase
            epoch = checkpoint.epoch
            batch = checkpoint.batch
            epochInProgress = checkpoint.epochInProgress
            optimizer = Optimizer(rule: checkpoint.optimizer.rule, step: checkpoint.optimizer.step, learningRate: checkpoint.optimizer.learningRate,
                                  accumulatedBatches: checkpoint.optimizer.accumulatedBatches)
            shuffler = checkpoint.shuffler
            generators = checkpoint.generators
            callbacks = checkpoint.callbacks.mapValues(\.values)
            history = checkpoint.history.epochs.map { Epoch(epoch: $0.epoch, seconds: $0.seconds, metrics: Dictionary(uniqueKeysWithValues: $0.metrics.map { ($0.key.rawValue, $0.value) })) }
            stopReason = checkpoint.history.stopReason
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
