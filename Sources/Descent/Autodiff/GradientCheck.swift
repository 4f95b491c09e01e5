import Foundation

/// Finite-difference verification of backward passes.
///
/// The function's output y is projected on a fixed random direction r, L = Σ rᵢ·yᵢ (summed in
/// Double), so one scalar check covers every output. For each sampled coordinate θₖ:
///
///     central:  nₖ = (L(θ + h·eₖ) − L(θ − h·eₖ)) / 2h      error O(h²)
///     forward:  nₖ = (L(θ + h·eₖ) − L(θ)) / h               error O(h)  (the course variant)
///
/// and the backward pass gives aₖ = ∂L/∂θₖ (one `backward(seed: r)`). The score of a coordinate is
///
///     |aₖ − nₖ| / max(|aₖ|, |nₖ|, floor)
///
/// where `floor` is the Float32 error model: the rounding noise of the difference quotient,
/// 2⁻²³ · Σ|rᵢ·yᵢ| · 16 / h, below which no disagreement is meaningful in single precision.
/// Keep inputs away from kinks (ReLU at 0, max ties) where finite differences are not defined.
public struct GradientCheckReport: CustomStringConvertible {
    /// One scored coordinate.
    public struct Entry {
        public var parameter: String
        public var index: Int
        public var analytic: Double
        public var numeric: Double
        public var error: Double
    }

    /// The worst coordinate per parameter, by name.
    public var worstByParameter: [String: Entry]
    /// Every scored coordinate, in the order checked.
    public var entries: [Entry] = []
    /// The tolerance the report was judged with.
    public var tolerance: Double

    /// The worst coordinate overall.
    public var worst: Entry? { worstByParameter.values.max { $0.error < $1.error } }
    /// The largest score found (0 when nothing was checked).
    public var worstRelativeError: Double { worst?.error ?? 0 }
    /// True when every score is within the tolerance.
    public var passed: Bool { worstRelativeError <= tolerance }

    public var description: String {
        guard let worst else { return "gradient check: nothing to check" }
        let verdict = passed ? "passed" : "FAILED"
        return "gradient check \(verdict): worst relative error \(String(format: "%.2e", worst.error)) at \(worst.parameter)[\(worst.index)] (backward \(worst.analytic), finite differences \(worst.numeric)); tolerance \(tolerance)"
    }
}

/// The finite-difference formula of `gradientCheck`.
public enum FiniteDifference: Sendable { case central, forward }

/// Compares the backward pass of `function` with finite differences for each parameter.
///
/// - Parameters:
///   - parameters: named parameters to perturb (inputs can be wrapped in a `Parameter`).
///   - step: h, relative to max(1, |θₖ|).
///   - coordinatesPerParameter: how many coordinates of each parameter to sample (all when fewer).
///   - function: recomputes the output from the parameters' current values.
public func gradientCheck(
    _ parameters: [(String, Parameter)],
    step: Float = 1e-2,
    tolerance: Double = 1e-2,
    coordinatesPerParameter: Int = 40,
    method: FiniteDifference = .central,
    seed: UInt64 = 7,
    _ function: () -> Tensor
) -> GradientCheckReport {
    let generator = RandomGenerator(seed: seed)
    for (_, p) in parameters { p.zeroGradient() }
    let output = function()
    let direction = Tensor.randomNormal(output.shape, generator: generator)
    func projection() -> (value: Double, magnitude: Double) {
        let y = withoutGradients { function() }
        var value = 0.0, magnitude = 0.0
        for (r, v) in zip(direction.scalars, y.scalars) {
            value += Double(r) * Double(v)
            magnitude += Swift.abs(Double(r) * Double(v))
        }
        return (value, magnitude)
    }
    if output.isTracked { output.backward(seed: direction) }

    var worst: [String: GradientCheckReport.Entry] = [:]
    var entries: [GradientCheckReport.Entry] = []
    for (name, parameter) in parameters {
        let analytic = parameter.gradient ?? .zeros(like: parameter.value)
        let count = parameter.value.count
        let indices = count <= coordinatesPerParameter
            ? Array(0..<count) : Array(generator.permutation(count).prefix(coordinatesPerParameter))
        for index in indices {
            let original = parameter.value.scalars[index]
            let h = step * Swift.max(1, Swift.abs(original))
            parameter.value.scalars[index] = original + h
            let plus = projection()
            let minus: (value: Double, magnitude: Double)
            let width: Double
            switch method {
            case .central:
                parameter.value.scalars[index] = original - h
                minus = projection()
                width = 2 * Double(h)
            case .forward:
                parameter.value.scalars[index] = original
                minus = projection()
                width = Double(h)
            }
            parameter.value.scalars[index] = original
            let numeric = (plus.value - minus.value) / width
            let a = Double(analytic.scalars[index])
            let floor = Double(Float.ulpOfOne) * Swift.max(plus.magnitude, minus.magnitude) * 16 / width
            let error = Swift.abs(a - numeric) / Swift.max(Swift.abs(a), Swift.abs(numeric), floor, 1e-12)
            let entry = GradientCheckReport.Entry(parameter: name, index: index, analytic: a, numeric: numeric, error: error)
            entries.append(entry)
            if error >= (worst[name]?.error ?? -1) { worst[name] = entry }
        }
    }
    for (_, p) in parameters { p.zeroGradient() }
    return GradientCheckReport(worstByParameter: worst, entries: entries, tolerance: tolerance)
}
