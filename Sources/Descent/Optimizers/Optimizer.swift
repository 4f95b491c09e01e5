/// An `UpdateRule` applied to a list of named parameters, with the features that compose
/// around any rule (like optax's `chain`), in this order at each update:
///
///     1. accumulation   g ← (1/k)·Σ g over k mini-batches (one update per k calls)
///     2. clipping       by value, per-parameter norm or global norm (`gradientNorm` logs ‖G‖)
///     3. weight decay   coupled g ← g + λθ, or decoupled θ ← (1 − ηλ)θ, per group
///     4. the rule       with η = learningRate · group scale, t = step
///
/// ```swift
/// let optimizer = Optimizer(Adam(), parameters: model.parameters, learningRate: 1e-3,
///                           weightDecay: .decoupled(0.01), clipping: .globalNorm(1))
/// loss.backward()
/// optimizer.update()
/// optimizer.zeroGradients()
/// ```
///
/// With `accumulationSteps` k > 1, call `update()` after every mini-batch as usual: the first
/// k − 1 calls only add the gradients up, the k-th applies their mean (Keras'
/// `gradient_accumulation_steps`; in PyTorch one divides the loss by k). After it, each
/// parameter's `gradient` holds that mean.
public final class Optimizer<Rule: UpdateRule>: OptimizerProtocol {
    public var rule: Rule
    public let parameters: [(path: String, parameter: Parameter)]
    public var learningRate: Float
    /// Decay of the parameters outside every group.
    public var weightDecay: WeightDecay
    /// Groups with their own learning-rate factor or decay; the first match wins.
    public var groups: [ParameterGroup]
    /// Clipping of the gradients before each update; nil for none.
    public var clipping: GradientClipping?
    /// Mini-batches per update, k ≥ 1.
    public var accumulationSteps: Int {
        didSet { precondition(accumulationSteps >= 1, "Optimizer: accumulationSteps must be ≥ 1, got \(accumulationSteps)") }
    }
    public private(set) var step = 0
    public private(set) var gradientNorm: Float?
    /// Mini-batches added up since the last applied update.
    public private(set) var accumulatedBatches = 0
    private var states: [String: Rule.State] = [:]
    private var accumulatedGradients: [String: Tensor] = [:]

    /// - Parameters:
    ///   - learningRate: nil takes the rule's `defaultLearningRate` (PyTorch's).
    ///   - weightDecay: nil takes the rule's `impliedWeightDecay` (`.none` but for AdamW, SGDW).
    public init(
        _ rule: Rule, parameters: [(path: String, parameter: Parameter)], learningRate: Float? = nil,
        weightDecay: WeightDecay? = nil, groups: [ParameterGroup] = [], clipping: GradientClipping? = nil,
        accumulationSteps: Int = 1
    ) {
        let paths = parameters.map(\.path)
        precondition(Set(paths).count == paths.count, "Optimizer: parameter paths are not unique: \(paths)")
        precondition(accumulationSteps >= 1, "Optimizer: accumulationSteps must be ≥ 1, got \(accumulationSteps)")
        self.rule = rule
        self.parameters = parameters
        self.learningRate = learningRate ?? Rule.defaultLearningRate
        self.weightDecay = weightDecay ?? rule.impliedWeightDecay
        self.groups = groups
        self.clipping = clipping
        self.accumulationSteps = accumulationSteps
    }

    public var ruleName: String { rule.name }

    public func update() {
        let live = parameters.filter { $0.parameter.isTrainable }
        if accumulationSteps > 1 {
            guard accumulate(live) else { return }
        }
        let updated = live.filter { $0.parameter.gradient != nil }
        if let clipping { gradientNorm = clipping.clip(updated.map(\.parameter)) }
        step += 1
        for (path, parameter) in updated {
            let group = groups.first { $0.contains(path) }
            let η = learningRate * (group?.learningRateScale ?? 1)
            var gradient = parameter.gradient!
            (group?.weightDecay ?? weightDecay).apply(to: &parameter.value, gradient: &gradient, learningRate: η)
            var state = states.removeValue(forKey: path) ?? rule.makeState(for: parameter.value)
            rule.update(&parameter.value, gradient: gradient, state: &state, learningRate: η, step: step)
            states[path] = state
        }
    }

    /// Adds this batch's gradients to the sums; on the k-th batch puts the means into the
    /// parameters' gradients and returns true.
    private func accumulate(_ live: [(path: String, parameter: Parameter)]) -> Bool {
        for (path, parameter) in live {
            guard let gradient = parameter.gradient else { continue }
            if accumulatedGradients[path] == nil {
                accumulatedGradients[path] = gradient.detached()
            } else {
                accumulatedGradients[path]!.updateElements(with: gradient) { sum, g in sum += g }
            }
        }
        accumulatedBatches += 1
        guard accumulatedBatches == accumulationSteps else { return false }
        let k = Float(accumulationSteps)
        for (path, parameter) in live {
            guard var mean = accumulatedGradients.removeValue(forKey: path) else { continue }
            mean.updateElements { g in g /= k }
            parameter.gradient = mean
        }
        accumulatedBatches = 0
        return true
    }

    public func zeroGradients() {
        for (_, parameter) in parameters { parameter.zeroGradient() }
    }

    public func checkpoint() -> OptimizerCheckpoint {
        OptimizerCheckpoint(rule: rule.name, step: step, learningRate: learningRate, slots: states.mapValues(\.slots),
                            accumulatedBatches: accumulatedBatches, accumulatedGradients: accumulatedGradients)
    }

    public func restore(_ checkpoint: OptimizerCheckpoint) throws {
        guard checkpoint.rule == rule.name else {
            throw DescentError.invalidArgument(name: "optimizer checkpoint", value: checkpoint.rule, expected: "state of '\(rule.name)'")
        }
        let known = Set(parameters.map(\.path))
        let paths = Set(checkpoint.slots.keys).union(checkpoint.accumulatedGradients.keys)
        if let stranger = paths.sorted().first(where: { !known.contains($0) }) {
            throw DescentError.invalidArgument(name: "optimizer checkpoint", value: stranger, expected: "one of the model's parameter paths")
        }
        guard (0..<(1 << 40)).contains(checkpoint.step), checkpoint.learningRate.isFinite, checkpoint.learningRate >= 0 else {
            throw DescentError.invalidArgument(name: "optimizer checkpoint", value: "step \(checkpoint.step), learning rate \(checkpoint.learningRate)",
                                               expected: "a step from 0 to 2⁴⁰ and a finite learning rate ≥ 0")
        }
        guard (0..<accumulationSteps).contains(checkpoint.accumulatedBatches) else {
            throw DescentError.invalidArgument(name: "optimizer checkpoint accumulatedBatches", value: "\(checkpoint.accumulatedBatches)",
                                               expected: "a count below accumulationSteps \(accumulationSteps)")
        }
        var restored: [String: Rule.State] = [:]
        var sums: [String: Tensor] = [:]
        for (path, parameter) in parameters {
            if let slots = checkpoint.slots[path] {
                restored[path] = try Rule.State(slots: slots, parameterShape: parameter.value.shape)
            }
            if let sum = checkpoint.accumulatedGradients[path] {
                sums[path] = try [path: sum].slot(path, shape: parameter.value.shape)
            }
        }
        states = restored
        accumulatedGradients = sums
        accumulatedBatches = checkpoint.accumulatedBatches
        step = checkpoint.step
        learningRate = checkpoint.learningRate
    }
}
