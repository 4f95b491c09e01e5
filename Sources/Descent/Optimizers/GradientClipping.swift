/// Gradient clipping, applied by `Optimizer` before weight decay and the rule's step.
///
///     value c:        gᵢ ← min(max(gᵢ, −c), c)                        every element
///     norm c:         g ← g · c / max(‖g‖, c)                          each parameter alone
///     globalNorm c:   g ← g · min(1, c / (‖G‖ + 10⁻⁶)),  ‖G‖ = √(Σₚ ‖gₚ‖²)   all parameters together
///
/// `value` is PyTorch's `clip_grad_value_` and Keras' `clipvalue`; `norm` is Keras' `clipnorm`;
/// `globalNorm` is PyTorch's `clip_grad_norm_` (with its 10⁻⁶) and Keras' `global_clipnorm`,
/// the usual choice because it keeps the direction of the whole update.
public enum GradientClipping: Equatable, Sendable, CustomStringConvertible {
    /// Each element clamped to [−c, c].
    case value(Float)
    /// Each parameter's gradient scaled down to norm at most c.
    case norm(Float)
    /// All gradients scaled together so that their joint norm is at most c.
    case globalNorm(Float)

    public var description: String {
        switch self {
        case .value(let c): return "value(\(c))"
        case .norm(let c): return "norm(\(c))"
        case .globalNorm(let c): return "globalNorm(\(c))"
        }
    }

    /// Clips the gradients of `parameters` in place and returns their global norm ‖G‖ before
    /// clipping, for logging. Parameters without a gradient are skipped.
    @discardableResult
    public func clip(_ parameters: [Parameter]) -> Float {
        let total = GradientClipping.totalNorm(of: parameters)
        for parameter in parameters where parameter.gradient != nil {
            switch self {
            case .value(let c):
                parameter.gradient!.updateElements { g in g = Swift.min(Swift.max(g, -c), c) }
            case .norm(let c):
                let norm = parameter.gradient!.euclideanNorm
                if norm > c {
                    let scale = c / norm
                    parameter.gradient!.updateElements { g in g *= scale }
                }
            case .globalNorm(let c):
                let scale = c / (total + 1e-6)
                if scale < 1 { parameter.gradient!.updateElements { g in g *= scale } }
            }
        }
        return total
    }

    /// ‖G‖ = √(Σₚ ‖gₚ‖²) over the parameters that have a gradient, summed in Double.
    public static func totalNorm(of parameters: [Parameter]) -> Float {
        var sum = 0.0
        for parameter in parameters {
            parameter.gradient?.withUnsafeScalars { g in for x in g { sum += Double(x) * Double(x) } }
        }
        return Float(sum.squareRoot())
    }
}
