/// Elementwise arithmetic with broadcasting, each with its derivative:
///
///     ∂(a+b) = (1, 1)    ∂(a−b) = (1, −1)    ∂(a·b) = (b, a)    ∂(a/b) = (1/b, −a/b²)
///
/// Gradients of broadcast operands are summed back to their shapes.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let value = a.shape == b.shape ? sameShape(a, b) { $0 + $1 } : zipBroadcast(a, b, "add", +)
        return record(value, inputs: [a, b]) { g in [g.unbroadcast(to: a.shape), g.unbroadcast(to: b.shape)] }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let value = zipBroadcast(a, b, "subtract", -)
        return record(value, inputs: [a, b]) { g in [g.unbroadcast(to: a.shape), (-g).unbroadcast(to: b.shape)] }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let value = a.shape == b.shape ? sameShape(a, b) { $0 * $1 } : zipBroadcast(a, b, "multiply", *)
        return record(value, inputs: [a, b]) { g in
            [a.isTracked ? (g * b).unbroadcast(to: a.shape) : nil,
             b.isTracked ? (g * a).unbroadcast(to: b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let value = zipBroadcast(a, b, "divide", /)
        return record(value, inputs: [a, b]) { g in
            [a.isTracked ? (g / b).unbroadcast(to: a.shape) : nil,
             b.isTracked ? (-(g * a) / (b * b)).unbroadcast(to: b.shape) : nil]
        }
    }

    /// f of two tensors of one shape, sixteen lanes at a time over the thread pool (the same
    /// IEEE results as the scalar loop: residual sums and gates of large feature maps).
    @inline(__always)
    static func sameShape(_ a: Tensor, _ b: Tensor, _ f: (Lanes, Lanes) -> Lanes) -> Tensor {
        let n = a.count
        return makeLanes(shape: a.shape) { out in
            a.withLanes { x in b.withLanes { y in LaneLoop.forEachBlock(n) { i, width in out[i, width] = f(x[i, width], y[i, width]) } } }
        }
    }

    public static prefix func - (a: Tensor) -> Tensor {
        let value = a.mapScalars { -$0 }
        return record(value, inputs: [a]) { g in [-g] }
    }

    public static func + (a: Tensor, s: Float) -> Tensor { a + Tensor(s) }
    public static func + (s: Float, a: Tensor) -> Tensor { Tensor(s) + a }
    public static func - (a: Tensor, s: Float) -> Tensor { a - Tensor(s) }
    public static func - (s: Float, a: Tensor) -> Tensor { Tensor(s) - a }
    public static func * (a: Tensor, s: Float) -> Tensor { a * Tensor(s) }
    public static func * (s: Float, a: Tensor) -> Tensor { Tensor(s) * a }
    public static func / (a: Tensor, s: Float) -> Tensor { a / Tensor(s) }
    public static func / (s: Float, a: Tensor) -> Tensor { Tensor(s) / a }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }

    /// `f` applied to every element (no tape).
    @inline(__always)
    public func mapScalars(_ f: (Float) -> Float) -> Tensor {
        scalars.withUnsafeBufferPointer { x in
            Tensor.make(shape: shape) { out in for i in 0..<x.count { out[i] = f(x[i]) } }
        }
    }
}
