import Foundation

/// Unary math, each with its derivative written from the input x and the output y:
///
///     exp: y          log: 1/x          sqrt: 1/(2y)       tanh: 1 − y²
///     sigmoid: y(1−y) relu: [x > 0]     abs: sign(x)       pow p: p·x^(p−1)
///     clamp: [lo ≤ x ≤ hi]              square: 2x
extension Tensor {
    /// `f` elementwise with gradient `g · derivative(x, y)`.
    @inline(__always)
    func unary(_ f: (Float) -> Float, derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        let y = mapScalars(f)
        guard GradientMode.isEnabled && isTracked else { return y }
        let x = self
        return Tensor.record(y, inputs: [x]) { g in
            [Tensor.make(shape: x.shape) { out in
                g.scalars.withUnsafeBufferPointer { gp in
                    x.scalars.withUnsafeBufferPointer { xp in
                        y.scalars.withUnsafeBufferPointer { yp in
                            for i in 0..<out.count { out[i] = gp[i] * derivative(xp[i], yp[i]) }
                        }
                    }
                }
            }]
        }
    }

    /// eˣ
    public func exp() -> Tensor { unary({ Foundation.exp($0) }, derivative: { _, y in y }) }
    /// ln x
    public func log() -> Tensor { unary({ Foundation.log($0) }, derivative: { x, _ in 1 / x }) }
    /// √x
    public func squareRoot() -> Tensor { unary({ $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }
    /// tanh x
    public func tanh() -> Tensor { unary({ Foundation.tanh($0) }, derivative: { _, y in 1 - y * y }) }
    /// σ(x) = 1/(1 + e⁻ˣ), computed without overflow for large |x|.
    public func sigmoid() -> Tensor { unary(Tensor.stableSigmoid, derivative: { _, y in y * (1 - y) }) }
    /// max(x, 0); the derivative at 0 is taken as 0.
    public func relu() -> Tensor {
        let n = count
        let y = Tensor.makeLanes(shape: shape) { out in withLanes { x in Tensor.rectify(x, into: out, count: n) } }
        guard GradientMode.isEnabled && isTracked else { return y }
        return Tensor.record(y, inputs: [self]) { g in [g.gated(by: y)] }
    }
    /// |x|; the derivative at 0 is taken as 0.
    public func abs() -> Tensor { unary({ Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
    /// x²
    public func squared() -> Tensor { unary({ $0 * $0 }, derivative: { x, _ in 2 * x }) }
    /// xᵖ for a constant exponent.
    public func pow(_ exponent: Float) -> Tensor {
        unary({ Foundation.pow($0, exponent) }, derivative: { x, _ in exponent * Foundation.pow(x, exponent - 1) })
    }
    /// min(max(x, lower), upper); gradient 1 strictly inside, 0 where clamped.
    public func clamped(min lower: Float = -.infinity, max upper: Float = .infinity) -> Tensor {
        precondition(lower <= upper, "clamped(min:max:): min \(lower) is above max \(upper)")
        return unary({ Swift.min(Swift.max($0, lower), upper) }, derivative: { x, _ in x >= lower && x <= upper ? 1 : 0 })
    }

    /// σ(x) in a form that never evaluates e^(large).
    @inline(__always)
    static func stableSigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
}
