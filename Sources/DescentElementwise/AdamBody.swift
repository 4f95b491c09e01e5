/// The coefficients of one Adam step (see `Adam` in Descent for the rule):
///
///     m ← β₁·m + (1 − β₁)·g      v ← β₂·v + (1 − β₂)·g²      θ ← θ − s·m / (√v / c + ε)
///
/// with s = η/(1 − β₁ᵗ) (`stepSize`) and c = √(1 − β₂ᵗ) (`correction2Root`).
public struct AdamCoefficients: Sendable {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var stepSize: Float
    public var correction2Root: Float

    public init(beta1: Float, beta2: Float, epsilon: Float, stepSize: Float, correction2Root: Float) {
        (self.beta1, self.beta2, self.epsilon, self.stepSize, self.correction2Root) = (beta1, beta2, epsilon, stepSize, correction2Root)
    }
}

/// One Adam step on the elements `range` of θ, m and v, reading g: one pass over four arrays.
///
/// Written once here and compiled into each instruction-set target by cross-module inlining
/// (`@inlinable @inline(__always)`: the body is generated in the module that calls it, with that
/// module's `-target-cpu`), so the baseline, AVX2 and AVX-512 builds run the same IEEE operations
/// in the same order and give the same bits: 16 lanes at a time, then the tail one element at a
/// time with the same formula. √ is taken of |v| so that the compiler may use vector square
/// roots (v ≥ 0 always; NaN stays NaN).
@inlinable @inline(__always)
public func adamBody(
    _ θ: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
    _ g: UnsafePointer<Float>, _ range: Range<Int>, _ k: AdamCoefficients
) {
    typealias Lanes = SIMD16<Float>
    let (β1, β2, ε, stepSize, correction2Root) = (k.beta1, k.beta2, k.epsilon, k.stepSize, k.correction2Root)
    var i = range.lowerBound
    while i + Lanes.scalarCount <= range.upperBound {
        let gradient = UnsafeRawPointer(g + i).loadUnaligned(as: Lanes.self)
        let first = β1 * UnsafeRawPointer(m + i).loadUnaligned(as: Lanes.self) + (1 - β1) * gradient
        let second = β2 * UnsafeRawPointer(v + i).loadUnaligned(as: Lanes.self) + (1 - β2) * gradient * gradient
        var root = Lanes()
        for lane in 0..<Lanes.scalarCount { root[lane] = second[lane].magnitude.squareRoot() }
        UnsafeMutableRawPointer(m + i).storeBytes(of: first, as: Lanes.self)
        UnsafeMutableRawPointer(v + i).storeBytes(of: second, as: Lanes.self)
        let parameter = UnsafeRawPointer(θ + i).loadUnaligned(as: Lanes.self)
        UnsafeMutableRawPointer(θ + i).storeBytes(of: parameter - stepSize * first / (root / correction2Root + ε), as: Lanes.self)
        i += Lanes.scalarCount
    }
    while i < range.upperBound {
        let first = β1 * m[i] + (1 - β1) * g[i]
        let second = β2 * v[i] + (1 - β2) * g[i] * g[i]
        m[i] = first
        v[i] = second
        θ[i] -= stepSize * first / (second.magnitude.squareRoot() / correction2Root + ε)
        i += 1
    }
}
