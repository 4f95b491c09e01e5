/// Elementwise comparisons give masks of 0 and 1 (no gradient); `where` selects by a mask.
infix operator .> : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .== : ComparisonPrecedence

extension Tensor {
    public static func .> (a: Tensor, b: Tensor) -> Tensor { zipBroadcast(a, b, ".>") { $0 > $1 ? 1 : 0 } }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { zipBroadcast(a, b, ".<") { $0 < $1 ? 1 : 0 } }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { zipBroadcast(a, b, ".>=") { $0 >= $1 ? 1 : 0 } }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { zipBroadcast(a, b, ".<=") { $0 <= $1 ? 1 : 0 } }
    public static func .== (a: Tensor, b: Tensor) -> Tensor { zipBroadcast(a, b, ".==") { $0 == $1 ? 1 : 0 } }
    public static func .> (a: Tensor, s: Float) -> Tensor { a .> Tensor(s) }
    public static func .< (a: Tensor, s: Float) -> Tensor { a .< Tensor(s) }

    /// `a` where `mask` is nonzero, else `b`, all three broadcast together.
    ///
    ///     ∂/∂a = [mask ≠ 0]     ∂/∂b = [mask = 0]
    public static func `where`(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = broadcastShape(broadcastShape(mask.shape, a.shape, "where"), b.shape, "where")
        let m = mask.broadcastValue(to: shape), x = a.broadcastValue(to: shape), y = b.broadcastValue(to: shape)
        let value = make(shape: shape) { out in
            for i in 0..<out.count { out[i] = m.scalars[i] != 0 ? x.scalars[i] : y.scalars[i] }
        }
        return record(value, inputs: [a, b]) { g in
            let chosen = zipBroadcast(g, m, "where") { $1 != 0 ? $0 : 0 }
            let other = zipBroadcast(g, m, "where") { $1 != 0 ? 0 : $0 }
            return [chosen.unbroadcast(to: a.shape), other.unbroadcast(to: b.shape)]
        }
    }

    /// The broadcast values without tape.
    func broadcastValue(to target: [Int]) -> Tensor {
        shape == target ? self : Tensor.expand(scalars, from: shape, to: target)
    }
}
