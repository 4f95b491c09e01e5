/// A building block of a model: a function of one tensor with named parameters.
///
/// Layers are classes: they have identity (optimizer state and freezing refer to their
/// parameters) and some keep state between calls (BatchNorm's running statistics).
/// Parameters are listed by hand, not found by reflection; nested layers contribute their
/// parameters under dotted paths such as `"0.weight"` (PyTorch's convention).
///
/// The training flag: every layer has `isTraining`; `model.train()` and `model.eval()` set it
/// for the whole tree. Layers that behave differently in training (dropout, batch norm) read it;
/// `Trainer.fit` switches to training for its batches and to evaluation for validation,
/// `evaluate` and `predict`.
public protocol Layer: AnyObject {
    /// The output for a batch (axis 0 is the batch).
    func callAsFunction(_ input: Tensor) -> Tensor
    /// This layer's own parameters (not those of sublayers), by name.
    var namedParameters: [(String, Parameter)] { get }
    /// The entries of `namedParameters` that are state, not weights (PyTorch's buffers, e.g.
    /// BatchNorm's running statistics): saved and restored with the rest, never trained,
    /// frozen or unfrozen. Empty by default.
    var namedBuffers: [(String, Parameter)] { get }
    /// Nested layers, by name.
    var sublayers: [(String, any Layer)] { get }
    /// True while training (see the protocol's documentation).
    var isTraining: Bool { get set }
    /// The shape of one output sample for one input sample (batch axis excluded); throws a
    /// `DescentError.shapeMismatch` naming the layer when the input does not fit.
    func outputShape(forInput shape: [Int]) throws -> [Int]
    /// A short name for summaries, e.g. `"Dense(2→64, relu)"`.
    var summaryName: String { get }
}

extension Layer {
    public var namedParameters: [(String, Parameter)] { [] }
    public var namedBuffers: [(String, Parameter)] { [] }
    public var sublayers: [(String, any Layer)] { [] }
    public var summaryName: String { String(describing: type(of: self)) }

    /// Every parameter of the tree with its dotted path, in a stable order.
    public var parameters: [(path: String, parameter: Parameter)] {
        var result = namedParameters.map { (path: $0.0, parameter: $0.1) }
        for (name, layer) in sublayers {
            result += layer.parameters.map { (path: "\(name).\($0.path)", parameter: $0.parameter) }
        }
        return result
    }

    /// The number of scalars in all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.parameter.value.count } }

    /// Switches the whole tree to training behaviour.
    public func train() { setTraining(true) }
    /// Switches the whole tree to inference behaviour.
    public func eval() { setTraining(false) }

    private func setTraining(_ value: Bool) {
        isTraining = value
        for (_, layer) in sublayers { layer.isTraining = value; layer.setTrainingRecursively(value) }
    }

    fileprivate func setTrainingRecursively(_ value: Bool) {
        for (_, layer) in sublayers { layer.isTraining = value; layer.setTrainingRecursively(value) }
    }

    /// Clears the gradients of every parameter.
    public func zeroGradients() { for (_, p) in parameters { p.zeroGradient() } }
}
