@testable import Descent
import Testing

/// The gradients most golden tests feed: their running sums of squares are 3², 5², 13².
let goldenGradients: [Float] = [3, 4, 12]

/// θ after each step of `rule` on a one-element parameter starting at `start`, fed one gradient
/// per step. `learningRates`, when given, sets η before each step (one per step).
func scalarTrajectory<Rule: UpdateRule>(
    _ rule: Rule, from start: Float = 1, gradients: [Float] = goldenGradients, learningRate: Float = 0.1,
    learningRates: [Float]? = nil, weightDecay: WeightDecay? = nil
) -> [Float] {
    let parameter = Parameter(Tensor([start]))
    let optimizer = Optimizer(rule, parameters: [("θ", parameter)], learningRate: learningRate, weightDecay: weightDecay)
    return gradients.enumerated().map { index, g in
        if let learningRates { optimizer.learningRate = learningRates[index] }
        parameter.gradient = Tensor([g])
        optimizer.update()
        optimizer.zeroGradients()
        return parameter.value.scalars[0]
    }
}

/// One optimizer configuration of the family contracts, built over any parameters.
struct RuleCase: CustomStringConvertible, Sendable {
    var description: String
    /// A learning rate at which the rule visibly descends f = x² + 3y² within 30 steps.
    var learningRate: Float
    var make: @Sendable (_ parameters: [(path: String, parameter: Parameter)], _ learningRate: Float, _ weightDecay: WeightDecay?, _ accumulationSteps: Int) -> any OptimizerProtocol

    init<Rule: UpdateRule>(_ name: String, learningRate: Float, _ rule: @escaping @Sendable () -> Rule) {
        description = name
        self.learningRate = learningRate
        make = { parameters, lr, decay, k in
            Optimizer(rule(), parameters: parameters, learningRate: lr, weightDecay: decay, accumulationSteps: k)
        }
    }

    static let all: [RuleCase] = [
        RuleCase("sgd", learningRate: 0.1) { SGD() },
        RuleCase("sgd momentum dampening", learningRate: 0.05) { SGD(momentum: 0.9, dampening: 0.1) },
        RuleCase("sgd nesterov", learningRate: 0.05) { SGD(momentum: 0.9, isNesterov: true) },
        RuleCase("sgd ema", learningRate: 0.1) { SGD(momentum: 0.9, form: .exponentialAverage) },
        RuleCase("sgd keras nesterov", learningRate: 0.05) { SGD(momentum: 0.9, isNesterov: true, form: .keras) },
        RuleCase("adagrad", learningRate: 0.4) { AdaGrad(lrDecay: 0.01) },
        RuleCase("adagrad keras", learningRate: 0.4) { AdaGrad(initialAccumulatorValue: 0.1, epsilon: 1e-7, epsilonPlacement: .insideSquareRoot) },
        RuleCase("adadelta", learningRate: 1) { Adadelta() },
        RuleCase("rmsprop", learningRate: 0.05) { RMSProp() },
        RuleCase("rmsprop centered momentum", learningRate: 0.01) { RMSProp(momentum: 0.9, isCentered: true) },
        RuleCase("adam", learningRate: 0.1) { Adam() },
        RuleCase("adam amsgrad", learningRate: 0.1) { Adam(isAMSGrad: true) },
        RuleCase("adamax", learningRate: 0.1) { AdaMax() },
        RuleCase("nadam", learningRate: 0.1) { Nadam() },
        RuleCase("adamw", learningRate: 0.1) { AdamW() },
        RuleCase("sgdw", learningRate: 0.05) { SGDW(momentum: 0.9) },
        RuleCase("radam", learningRate: 0.1) { RAdam() },
        RuleCase("lion", learningRate: 0.05) { Lion() },
    ]
}

/// f = x² + 3y² and its gradient (2x, 6y), the course's bowl.
func bowl(_ θ: Tensor) -> (value: Float, gradient: Tensor) {
    let (x, y) = (θ.scalars[0], θ.scalars[1])
    return (x * x + 3 * y * y, Tensor([2 * x, 6 * y]))
}

/// Runs `steps` updates on the bowl, computing the gradient at the current point each time.
func descend(_ optimizer: any OptimizerProtocol, _ parameter: Parameter, steps: Int) {
    for _ in 0..<steps {
        parameter.gradient = bowl(parameter.value).gradient
        optimizer.update()
        optimizer.zeroGradients()
    }
}
