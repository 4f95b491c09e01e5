/// One textbook optimizer: only its math.
///
/// A rule holds hyperparameters (numbers); its `State` holds the per-parameter arrays (moments,
/// accumulators). `Optimizer` owns everything around the rule: the parameter list, the learning
/// rate, the step count, and saving and restoring the state.
public protocol UpdateRule {
    associatedtype State: RuleState
    /// The rule's name in configs and logs, e.g. `"adam"`.
    var name: String { get }
    /// The learning rate used when none is given (PyTorch's default for this rule).
    static var defaultLearningRate: Float { get }
    /// Fresh state for one parameter (zeros of its shape, typically).
    func makeState(for parameter: Tensor) -> State
    /// Updates `parameter` in place from its gradient. `step` counts from 1.
    func update(_ parameter: inout Tensor, gradient: Tensor, state: inout State, learningRate: Float, step: Int)
}

/// Per-parameter optimizer state as named tensors, for checkpoints.
public protocol RuleState {
    /// The tensors of the state by slot name, e.g. `["m": …, "v": …]`.
    var slots: [String: Tensor] { get }
    /// Rebuilds the state from `slots`; throws when a slot is missing or mis-shaped.
    init(slots: [String: Tensor], parameterShape: [Int]) throws
}

/// The state of a rule that keeps nothing (plain SGD).
public struct EmptyState: RuleState {
    public init() {}
    public var slots: [String: Tensor] { [:] }
    public init(slots: [String: Tensor], parameterShape: [Int]) throws {}
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
}

extension Tensor {
    /// Mutable access to the scalars, copying only when the storage is shared.
    @inline(__always)
    public mutating func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Read access to the scalars.
    @inline(__always)
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }
}
