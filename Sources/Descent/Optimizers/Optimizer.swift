/// What the trainer needs of an optimizer, whatever its rule.
public protocol OptimizerProtocol: AnyObject {
    /// η, applied from the next `update()`; schedules set it.
    var learningRate: Float { get set }
    /// Number of updates applied so far.
    var step: Int { get }
    /// Applies one update to every trainable parameter that has a gradient.
    func update()
    /// Clears all gradients.
    func zeroGradients()
    /// The complete state for a checkpoint.
    func checkpoint() -> OptimizerCheckpoint
    /// Restores a checkpoint made by the same kind of optimizer over the same parameters.
    func restore(_ checkpoint: OptimizerCheckpoint) throws
    /// The rule's name.
    var ruleName: String { get }
}

/// An optimizer's state keyed by parameter path, so that a checkpoint reads like the model.
public struct OptimizerCheckpoint {
    public var rule: String
    public var step: Int
    public var learningRate: Float
    /// `slots[path][slotName]`
    public var slots: [String: [String: Tensor]]
}

/// An `UpdateRule` applied to a list of named parameters.
///
/// ```swift
/// let optimizer = Optimizer(Adam(), parameters: model.parameters, learningRate: 1e-3)
/// loss.backward()
/// optimizer.update()
/// optimizer.zeroGradients()
/// ```
public final class Optimizer<Rule: UpdateRule>: OptimizerProtocol {
    public var rule: Rule
    public let parameters: [(path: String, parameter: Parameter)]
    public var learningRate: Float
    public private(set) var step = 0
    private var states: [String: Rule.State] = [:]

    public init(_ rule: Rule, parameters: [(path: String, parameter: Parameter)], learningRate: Float? = nil) {
        let paths = parameters.map(\.path)
        precondition(Set(paths).count == paths.count, "Optimizer: parameter paths are not unique: \(paths)")
        self.rule = rule
        self.parameters = parameters
        self.learningRate = learningRate ?? Rule.defaultLearningRate
    }

    public var ruleName: String { rule.name }

    public func update() {
        step += 1
        for (path, parameter) in parameters where parameter.isTrainable {
            guard let gradient = parameter.gradient else { continue }
            var state = states.removeValue(forKey: path) ?? rule.makeState(for: parameter.value)
            rule.update(&parameter.value, gradient: gradient, state: &state, learningRate: learningRate, step: step)
            states[path] = state
        }
    }

    public func zeroGradients() {
        for (_, parameter) in parameters { parameter.zeroGradient() }
    }

    public func checkpoint() -> OptimizerCheckpoint {
        OptimizerCheckpoint(rule: rule.name, step: step, learningRate: learningRate,
                            slots: states.mapValues(\.slots))
    }

    public func restore(_ checkpoint: OptimizerCheckpoint) throws {
        guard checkpoint.rule == rule.name else {
            throw DescentError.invalidArgument(name: "optimizer checkpoint", value: checkpoint.rule, expected: "state of '\(rule.name)'")
        }
        var restored: [String: Rule.State] = [:]
        for (path, parameter) in parameters {
            guard let slots = checkpoint.slots[path] else { continue }
            restored[path] = try Rule.State(slots: slots, parameterShape: parameter.value.shape)
        }
        let known = Set(parameters.map(\.path))
        if let stranger = checkpoint.slots.keys.first(where: { !known.contains($0) }) {
            throw DescentError.invalidArgument(name: "optimizer checkpoint", value: stranger, expected: "one of the model's parameter paths")
        }
        states = restored
        step = checkpoint.step
        learningRate = checkpoint.learningRate
    }
}
