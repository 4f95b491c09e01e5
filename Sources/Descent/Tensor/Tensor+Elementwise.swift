/// In-place elementwise loops for update rules: no tape, no allocation, one pass.
///
/// A rule writes each line of its formula as one call, e.g.
///
///     state.m.updateElements(with: g) { m, g in m = β₁ * m + (1 - β₁) * g }
///
/// The storage is copied only when it is shared (copy-on-write), so a rule that owns its state
/// and its parameter's value updates both in place.
extension Tensor {
    /// Mutable access to the scalars, copying only when the storage is shared.
    @inline(__always)
    public mutating func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Read access to the scalars.
    @inline(__always)
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// `body(&xᵢ)` for every element.
    @inline(__always)
    public mutating func updateElements(_ body: (inout Float) -> Void) {
        withUnsafeMutableScalars { x in for i in x.indices { body(&x[i]) } }
    }

    /// `body(&xᵢ, aᵢ)` for every element; `a` has as many elements.
    @inline(__always)
    public mutating func updateElements(with a: Tensor, _ body: (inout Float, Float) -> Void) {
        precondition(a.count == count, "updateElements: shapes \(shape) and \(a.shape) differ in size")
        withUnsafeMutableScalars { x in
            a.withUnsafeScalars { a in for i in x.indices { body(&x[i], a[i]) } }
        }
    }

    /// `body(&xᵢ, aᵢ, bᵢ)` for every element.
    @inline(__always)
    public mutating func updateElements(with a: Tensor, _ b: Tensor, _ body: (inout Float, Float, Float) -> Void) {
        precondition(a.count == count && b.count == count, "updateElements: shapes \(shape), \(a.shape), \(b.shape) differ in size")
        withUnsafeMutableScalars { x in
            a.withUnsafeScalars { a in
                b.withUnsafeScalars { b in for i in x.indices { body(&x[i], a[i], b[i]) } }
            }
        }
    }

    /// `body(&xᵢ, aᵢ, bᵢ, cᵢ)` for every element.
    @inline(__always)
    public mutating func updateElements(with a: Tensor, _ b: Tensor, _ c: Tensor, _ body: (inout Float, Float, Float, Float) -> Void) {
        precondition(a.count == count && b.count == count && c.count == count,
                     "updateElements: shapes \(shape), \(a.shape), \(b.shape), \(c.shape) differ in size")
        withUnsafeMutableScalars { x in
            a.withUnsafeScalars { a in
                b.withUnsafeScalars { b in
                    c.withUnsafeScalars { c in for i in x.indices { body(&x[i], a[i], b[i], c[i]) } }
                }
            }
        }
    }

    /// The Euclidean norm ‖x‖₂, summed in Double.
    public var euclideanNorm: Float {
        withUnsafeScalars { x in Float(x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) }
    }
}
