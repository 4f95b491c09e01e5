import Foundation

/// A trained model on disk: a folder holding
///
///     architecture.json     {"format": "descent-model", "version": 1, "input_shape": [2],
///                            "layers": [{"type": "dense", "units": 64, …}, …],
///                            "loss": …, "metrics": […], "class_names": […] or null,
///                            "preprocessing": … or null}
///     weights.safetensors   every parameter by path (`0.weight`, `1.running_mean`, …)
///
/// Each file is written atomically; loading checks that the weights match the architecture
/// name by name and shape by shape before it sets any of them.
///
/// ```swift
/// try SavedModel(model: model, inputShape: [2], classNames: ["a", "b"]).save(to: URL(fileURLWithPath: "runs/x/model"))
/// let restored = try SavedModel.load(from: URL(fileURLWithPath: "runs/x/model"))
/// ```
public struct SavedModel {
    public var model: GraphModel
    /// The shape of one input sample.
    public var inputShape: [Int] { model.inputShape }
    /// Layer names by node index: the config's names (nil where none was given) for a chain,
    /// the node names for a graph.
    public var layerNames: [String?]
    /// The class of output k is `classNames[k]`; nil for regression or unknown names.
    public var classNames: [String]?
    /// The training loss's name (`softmax_cross_entropy`, …), for evaluation.
    public var lossName: String?
    /// The metrics logged in training (`accuracy`, `mae`).
    public var metricNames: [String]
    /// The input scaling fitted on the training split, as JSON; nil for none.
    public var preprocessing: ConfigNode?
    /// The CSV columns the features came from, in order (nil for other data): data for the
    /// model is matched to them by name.
    public var featureNames: [String]?
    /// The CSV column the targets came from.
    public var labelName: String?
    /// The options of the training loss (label smoothing, class weights, Huber's δ).
    public var lossOptions = LossOptions()

    static let architectureFile = "architecture.json"
    static let weightsFile = "weights.safetensors"

    public init(model: GraphModel, layerNames: [String?] = [], classNames: [String]? = nil,
                lossName: String? = nil, metricNames: [String] = [], preprocessing: ConfigNode? = nil) {
        self.model = model
        self.layerNames = model.isChain ? layerNames : model.nodes.map(\.name)
        self.classNames = classNames
        self.lossName = lossName
        self.metricNames = metricNames
        self.preprocessing = preprocessing
    }

    /// A `Sequential` model for samples of `inputShape`; throws when a layer cannot take the
    /// shape its predecessor gives.
    public init(model: Sequential, inputShape: [Int], layerNames: [String?] = [], classNames: [String]? = nil,
                lossName: String? = nil, metricNames: [String] = [], preprocessing: ConfigNode? = nil) throws {
        self.init(model: try GraphModel(chain: model.layers, inputShape: inputShape), layerNames: layerNames, classNames: classNames,
                  lossName: lossName, metricNames: metricNames, preprocessing: preprocessing)
    }

    /// The architecture as it is stored.
    public func architecture() throws -> ConfigNode {
        let spec = try ModelSpec(describing: model, names: layerNames)
        return .object([
            ("format", "descent-model".configNode), ("version", 1.configNode),
            ("input_shape", inputShape.configNode), ("layers", ConfigNode(.array(spec.layers))),
            ("loss", lossName.map(\.configNode) ?? ConfigNode(.null)), ("metrics", metricNames.configNode),
            ("class_names", classNames.map(\.configNode) ?? ConfigNode(.null)), ("preprocessing", preprocessing ?? ConfigNode(.null)),
            ("feature_names", featureNames.map(\.configNode) ?? ConfigNode(.null)), ("label", labelName.map(\.configNode) ?? ConfigNode(.null)),
            ("loss_options", .object([("delta", lossOptions.delta.map(\.configNode) ?? ConfigNode(.null)),
                                      ("label_smoothing", lossOptions.labelSmoothing.map(\.configNode) ?? ConfigNode(.null)),
                                      ("class_weights", lossOptions.classWeights.map(\.configNode) ?? ConfigNode(.null))])),
        ])
    }

    /// Writes `architecture.json` and `weights.safetensors` into `folder` (created if needed).
    public func save(to folder: URL) throws {
        try AtomicFile.prepareFolder(folder)
        try AtomicFile.write(try architecture().jsonText, to: folder.appendingPathComponent(Self.architectureFile))
        try SafeTensors(tensors: model.weightTensors, metadata: ["format": "descent"]).write(to: folder.appendingPathComponent(Self.weightsFile))
    }

    /// Reads a model folder (or the `model` folder of a run folder).
    public static func load(from location: URL) throws -> SavedModel {
        var folder = location
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(architectureFile).path),
           FileManager.default.fileExists(atPath: folder.appendingPathComponent("model/\(architectureFile)").path) {
            folder = folder.appendingPathComponent("model")
        }
        let architectureURL = folder.appendingPathComponent(architectureFile)
        guard FileManager.default.fileExists(atPath: architectureURL.path) else {
            throw DescentError.file(path: location.path, problem: "not a saved model: no \(architectureFile) (expected a folder written by SavedModel.save or a run folder)")
        }
        let weightsURL = folder.appendingPathComponent(weightsFile)
        let saved = try fromArchitecture(try ConfigNode.read(contentsOf: architectureURL), file: architectureURL.path)
        try saved.model.loadWeights(try SafeTensors(contentsOf: weightsURL).tensors, source: weightsURL.path)
        return saved
    }

    /// The model an architecture describes, with fresh weights.
    public static func fromArchitecture(_ node: ConfigNode, file: String) throws -> SavedModel {
        let root = try ConfigObject(node, file: file)
        let format = try root.value("format", default: "descent-model")
        try root.check(format == "descent-model", "format", "descent-model")
        let version = try root.value("version", default: 1)
        try root.check(version == 1, "version", "1 (a newer Descent wrote this file?)")
        let inputShape: [Int] = try root.required("input_shape")
        try root.check(!inputShape.isEmpty && inputShape.allSatisfy { $0 >= 1 }, "input_shape", "a list of extents ≥ 1, e.g. [28, 28, 1]")
        let layers = try root.array("layers") ?? []
        let spec = ModelSpec(inputShape: inputShape, layers: layers)
        let model = try spec.build(generators: LayerGenerators(seed: 0), file: file, path: "layers")
        var saved = SavedModel(
            model: model, layerNames: spec.layerNames(of: model), classNames: try root.optional("class_names"),
            lossName: try root.optional("loss"), metricNames: try root.value("metrics", default: [String]()),
            preprocessing: root.node("preprocessing"))
        (saved.featureNames, saved.labelName) = (try root.optional("feature_names"), try root.optional("label"))
        if let options = try root.object("loss_options") {
            saved.lossOptions = LossOptions(delta: try options.optional("delta"), labelSmoothing: try options.optional("label_smoothing"),
                                            classWeights: try options.optional("class_weights"))
            try options.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()
        return saved
    }
}
