/// One textbook optimizer: only its math.
///
/// A rule holds hyperparameters (numbers); its `State` holds the per-parameter arrays (moments,
/// accumulators). `Optimizer` owns everything around the rule: the parameter list and groups,
/// the learning rate, weight decay, clipping, accumulation, the step count, and saving and
/// restoring the state.
public protocol UpdateRule {
    associatedtype State: RuleState
    /// The rule's name in configs and logs, e.g. `"adam"`.
    var name: String { get }
    /// The learning rate used when none is given (PyTorch's default for this rule).
    static var defaultLearningRate: Float { get }
    /// The weight decay the optimizer applies when it is given none: `.none` except for the
    /// rules whose name promises decay (AdamW, SGDW: decoupled).
    var impliedWeightDecay: WeightDecay { get }
    /// Fresh state for one parameter (zeros of its shape, typically).
    func makeState(for parameter: Tensor) -> State
    /// Updates `parameter` in place from its gradient. `step` counts from 1.
    func update(_ parameter: inout Tensor, gradient: Tensor, state: inout State, learningRate: Float, step: Int)
}

extension UpdateRule {
    public var impliedWeightDecay: WeightDecay { .none }
}

/// Per-parameter optimizer state as named tensors, for checkpoints.
public protocol RuleState {
    /// The tensors of the state by slot name, e.g. `["exp_avg": …, "exp_avg_sq": …]`.
    var slots: [String: Tensor] { get }
    /// Rebuilds the state from `slots`; throws when a slot is missing or mis-shaped.
    init(slots: [String: Tensor], parameterShape: [Int]) throws
}

extension Dictionary where Key == String, Value == Tensor {
    /// The slot `name`, checked against the parameter's shape.
    public func slot(_ name: String, shape: [Int]) throws -> Tensor {
        guard let tensor = self[name] else {
            throw DescentError.invalidArgument(name: "optimizer state", value: "missing slot '\(name)'", expected: "slots \(keys.sorted())")
        }
        guard tensor.shape == shape else {
            throw DescentError.invalidArgument(name: "optimizer state slot '\(name)'", value: "\(tensor.shape)", expected: "shape \(shape)")
        }
        return tensor
    }

    /// The slot `name` if present, checked against the parameter's shape.
    public func optionalSlot(_ name: String, shape: [Int]) throws -> Tensor? {
        self[name] == nil ? nil : try slot(name, shape: shape)
    }
}
