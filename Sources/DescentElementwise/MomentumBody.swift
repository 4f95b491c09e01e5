/// The coefficients of one step of SGD with momentum in PyTorch's form (see `SGD` in Descent):
///
///     b ← μ·b + (1 − τ)·g
///     θ ← θ − η·(g + μ·b)      with Nesterov momentum
///     θ ← θ − η·b              without
///
/// μ is `momentum`, τ `dampening`, η `learningRate`.
public struct MomentumCoefficients: Sendable {
    public var momentum: Float
    public var dampening: Float
    public var learningRate: Float
    public var isNesterov: Bool

    public init(momentum: Float, dampening: Float, learningRate: Float, isNesterov: Bool) {
        (self.momentum, self.dampening, self.learningRate, self.isNesterov) = (momentum, dampening, learningRate, isNesterov)
    }
}

/// One momentum step on the elements `range` of θ and b, reading g: one pass over three arrays.
///
/// Written once and instantiated per instruction set as `adamBody` is (same bits on each: no
/// fused multiply-add, the same operations in the same order), 16 lanes at a time, then the
/// tail one element at a time with the same formula.
@inlinable @inline(__always)
public func momentumBody(
    _ θ: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
    _ range: Range<Int>, _ k: MomentumCoefficients
) {
    typealias Lanes = SIMD16<Float>
    let (μ, kept, η) = (k.momentum, 1 - k.dampening, k.learningRate)
    var i = range.lowerBound
    while i + Lanes.scalarCount <= range.upperBound {
        let gradient = UnsafeRawPointer(g + i).loadUnaligned(as: Lanes.self)
        let momentum = μ * UnsafeRawPointer(b + i).loadUnaligned(as: Lanes.self) + kept * gradient
        UnsafeMutableRawPointer(b + i).storeBytes(of: momentum, as: Lanes.self)
        let step = k.isNesterov ? η * (gradient + μ * momentum) : η * momentum
        let parameter = UnsafeRawPointer(θ + i).loadUnaligned(as: Lanes.self)
        UnsafeMutableRawPointer(θ + i).storeBytes(of: parameter - step, as: Lanes.self)
        i += Lanes.scalarCount
    }
    while i < range.upperBound {
        let momentum = μ * b[i] + kept * g[i]
        b[i] = momentum
        θ[i] -= k.isNesterov ? η * (g[i] + μ * momentum) : η * momentum
        i += 1
    }
}
