import DescentKernels

/// Sixteen Float lanes: one AVX-512 register, four SSE registers. Elementwise kernels written
/// on `Lanes` compile to vector instructions on every target, and compute exactly what the
/// same formula on single Floats computes (lane arithmetic is IEEE, with no fused multiply-add).
typealias Lanes = SIMD16<Float>

extension SIMD16 where Scalar == Float {
    /// g ⊙ [y > 0], the ReLU's backward pass from its output y: written g·1 or g·0 per lane, as
    /// the scalar derivative would be applied (so g·0 keeps the sign of g and turns NaN and ±∞
    /// into NaN).
    @inline(__always)
    func gatedByReLU(output y: SIMD16<Float>) -> SIMD16<Float> {
        self * SIMD16<Float>(repeating: 0).replacing(with: 1, where: y .> 0)
    }

    /// max(x, 0), written `x > 0 ? x : 0` per lane (so NaN becomes 0).
    @inline(__always)
    var rectified: SIMD16<Float> { SIMD16<Float>(repeating: 0).replacing(with: self, where: self .> 0) }
}

/// A tensor's scalars read and written sixteen at a time; a block shorter than sixteen (the
/// tail) is padded with zeros on load and written back only up to its width.
struct LanePointer {
    let base: UnsafeMutablePointer<Float>

    init(_ base: UnsafeMutablePointer<Float>) { self.base = base }
    init(_ base: UnsafePointer<Float>) { self.base = UnsafeMutablePointer(mutating: base) }

    @inline(__always)
    subscript(offset: Int, width: Int) -> Lanes {
        get {
            if width == Lanes.scalarCount { return UnsafeRawPointer(base + offset).loadUnaligned(as: Lanes.self) }
            var lanes = Lanes()
            for k in 0..<width { lanes[k] = base[offset + k] }
            return lanes
        }
        nonmutating set {
            if width == Lanes.scalarCount {
                UnsafeMutableRawPointer(base + offset).storeBytes(of: newValue, as: Lanes.self)
            } else {
                for k in 0..<width { base[offset + k] = newValue[k] }
            }
        }
    }
}

/// The loop of the elementwise kernels: blocks of sixteen elements, split over the thread pool
/// into contiguous ranges when there are at least `parallelThreshold` elements. Each element is
/// computed by one thread from its own inputs, so results do not depend on the split.
enum LaneLoop {
    /// Below this many elements a kernel runs on the calling thread (waking a worker costs more).
    static let parallelThreshold = 1 << 15

    /// Per-channel values (channels on the last axis) repeated past their end, so that the
    /// sixteen values of a block starting at channel k are one load at k:
    /// `table[k, Lanes.scalarCount]` for the block at element offset i, k = i mod C.
    static func channelTable(_ values: [Float]) -> [Float] {
        (0..<(values.count + Lanes.scalarCount)).map { values[$0 % values.count] }
    }

    /// Calls `body(range)` on contiguous ranges covering 0..<count: all of it on the calling
    /// thread below `parallelThreshold` elements, else split over the thread pool with every
    /// range but the last a whole number of 16-element blocks. Kernels that run their own lanes
    /// (`ElementwiseKernels`) take the ranges; `forEachBlock` cuts them into blocks.
    @inline(__always)
    static func forEachRange(_ count: Int, _ body: (Range<Int>) -> Void) {
        if count < parallelThreshold {
            body(0..<count)
        } else {
            let blocks = (count + Lanes.scalarCount - 1) / Lanes.scalarCount
            ThreadPool.parallelChunks(blocks, grain: parallelThreshold / Lanes.scalarCount) { range in
                body(range.lowerBound * Lanes.scalarCount..<Swift.min(count, range.upperBound * Lanes.scalarCount))
            }
        }
    }

    /// Calls `body(offset, width)` for every block: offset 16·b, width min(16, count − offset),
    /// over the ranges of `forEachRange`.
    @inline(__always)
    static func forEachBlock(_ count: Int, _ body: (_ offset: Int, _ width: Int) -> Void) {
        forEachRange(count) { range in
            for offset in stride(from: range.lowerBound, to: range.upperBound, by: Lanes.scalarCount) {
                body(offset, Swift.min(Lanes.scalarCount, count - offset))
            }
        }
    }
}

extension Tensor {
    /// `body` with lane pointers to the scalars of `x` (written in place, copied first only if
    /// shared) and of `a` (read); not called for empty tensors.
    @inline(__always)
    static func withLanes(_ x: inout Tensor, reading a: Tensor, _ body: (LanePointer, LanePointer) -> Void) {
        precondition(a.count == x.count, "elementwise kernel: shapes \(x.shape) and \(a.shape) differ in size")
        guard x.count > 0 else { return }
        x.withUnsafeMutableScalars { x in
            a.withUnsafeScalars { a in body(LanePointer(x.baseAddress!), LanePointer(a.baseAddress!)) }
        }
    }

    /// `body` with lane pointers to `x` and `y` (written) and `a` (read).
    @inline(__always)
    static func withLanes(_ x: inout Tensor, _ y: inout Tensor, reading a: Tensor,
                          _ body: (LanePointer, LanePointer, LanePointer) -> Void) {
        precondition(y.count == x.count, "elementwise kernel: shapes \(x.shape) and \(y.shape) differ in size")
        guard x.count > 0 else { return }
        y.withUnsafeMutableScalars { y in
            withLanes(&x, reading: a) { x, a in body(x, LanePointer(y.baseAddress!), a) }
        }
    }

    /// `body` with lane pointers to `x`, `y` and `z` (written) and `a` (read).
    @inline(__always)
    static func withLanes(_ x: inout Tensor, _ y: inout Tensor, _ z: inout Tensor, reading a: Tensor,
                          _ body: (LanePointer, LanePointer, LanePointer, LanePointer) -> Void) {
        precondition(z.count == x.count, "elementwise kernel: shapes \(x.shape) and \(z.shape) differ in size")
        guard x.count > 0 else { return }
        z.withUnsafeMutableScalars { z in
            withLanes(&x, &y, reading: a) { x, y, a in body(x, y, LanePointer(z.baseAddress!), a) }
        }
    }
}

extension Tensor {
    /// A new tensor of `shape` whose scalars `body` writes through a lane pointer; `body` is not
    /// called for an empty shape.
    @inline(__always)
    static func makeLanes(shape: [Int], _ body: (LanePointer) -> Void) -> Tensor {
        make(shape: shape) { out in
            if let base = out.baseAddress, out.count > 0 { body(LanePointer(base)) }
        }
    }

    /// `body` with a lane pointer to the scalars (read); not called for an empty tensor.
    @inline(__always)
    func withLanes(_ body: (LanePointer) -> Void) {
        withUnsafeScalars { x in
            if let base = x.baseAddress, x.count > 0 { body(LanePointer(base)) }
        }
    }
}
