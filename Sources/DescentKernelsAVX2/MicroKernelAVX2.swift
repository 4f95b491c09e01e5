/// The AVX2 micro-kernel of `SwiftGEMM`: a 6×16 tile of C held in 12 ymm registers.
///
///     C[0..<6, 0..<16] ← C + α·(A·B)       A: 6×kb, packed k-major (6 floats per step)
///                                          B: kb×16, packed k-major (16 floats per step)
///
/// This target is compiled with `-target-cpu haswell` (see Package.swift), so SIMD8<Float> is
/// one ymm register and `addingProduct` is one `vfmadd231ps`. Each step p adds A[i, p]·B[p, j]
/// to the accumulator of (i, j) with one fused multiply-add, in order p = 0, 1, …, kb − 1; the
/// update of C rounds α·sum, then C + α·sum (not fused). Call it only on a CPU with AVX2 and
/// FMA; nothing here runs at load time.
@inline(never)
public func sgemmMicroKernelAVX2(
    _ kb: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float
) {
    var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
    var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
    var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
    var ap = a, bp = UnsafeRawPointer(b)
    for _ in 0..<kb {
        let b0 = bp.loadUnaligned(as: SIMD8<Float>.self)
        let b1 = bp.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        multiplyAdd(&c00, &c01, ap[0], b0, b1)
        multiplyAdd(&c10, &c11, ap[1], b0, b1)
        multiplyAdd(&c20, &c21, ap[2], b0, b1)
        multiplyAdd(&c30, &c31, ap[3], b0, b1)
        multiplyAdd(&c40, &c41, ap[4], b0, b1)
        multiplyAdd(&c50, &c51, ap[5], b0, b1)
        ap += 6
        bp += 64
    }
    update(c, c00, c01, alpha)
    update(c + ldc, c10, c11, alpha)
    update(c + 2 * ldc, c20, c21, alpha)
    update(c + 3 * ldc, c30, c31, alpha)
    update(c + 4 * ldc, c40, c41, alpha)
    update(c + 5 * ldc, c50, c51, alpha)
}

/// (c0, c1) ← (c0 + a·b0, c1 + a·b1), each lane one fused multiply-add.
@inline(__always)
private func multiplyAdd(
    _ c0: inout SIMD8<Float>, _ c1: inout SIMD8<Float>, _ a: Float, _ b0: SIMD8<Float>, _ b1: SIMD8<Float>
) {
    let broadcast = SIMD8<Float>(repeating: a)
    c0 = c0.addingProduct(broadcast, b0)
    c1 = c1.addingProduct(broadcast, b1)
}

/// row[0..<16] ← row + α·(s0, s1), rounding α·s first.
@inline(__always)
private func update(_ row: UnsafeMutablePointer<Float>, _ s0: SIMD8<Float>, _ s1: SIMD8<Float>, _ alpha: Float) {
    let raw = UnsafeMutableRawPointer(row)
    let scaled0 = alpha * s0, scaled1 = alpha * s1
    raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Float>.self) + scaled0, as: SIMD8<Float>.self)
    raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) + scaled1,
                   toByteOffset: 32, as: SIMD8<Float>.self)
}

/// The AVX2 tiles of `StridedTileKernel`: a 6×16 tile of C from operands read in place,
///
///     C[0..<6, 0..<16] ← A·B   (C + A·B when `accumulate`)      B[p, j] at b + p·bDepth + j
///
/// with A[i, p] at a + i·lda + p (`sgemmRowMajorTileAVX2`) or at a + p·lda + i
/// (`sgemmTransposedTileAVX2`). Each step p adds A[i, p]·B[p, j] to the accumulator of (i, j)
/// with one fused multiply-add, in order p = 0, 1, …, kb − 1, from 0; accumulating adds the sum
/// to C once. Call them only on a CPU with AVX2 and FMA.
@inline(never)
public func sgemmRowMajorTileAVX2(
    _ kb: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ bDepth: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool
) {
    let (a0, a1, a2) = (a, a + lda, a + 2 * lda)
    let (a3, a4, a5) = (a + 3 * lda, a + 4 * lda, a + 5 * lda)
    stridedTile(kb, b, bDepth, c, ldc, accumulate) { p in (a0[p], a1[p], a2[p], a3[p], a4[p], a5[p]) }
}

/// See `sgemmRowMajorTileAVX2`: A[i, p] at a + p·lda + i.
@inline(never)
public func sgemmTransposedTileAVX2(
    _ kb: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ bDepth: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool
) {
    stridedTile(kb, b, bDepth, c, ldc, accumulate) { p in
        let column = a + p &* lda
        return (column[0], column[1], column[2], column[3], column[4], column[5])
    }
}

/// The loop of both strided tiles; `column(p)` gives A[0..<6, p].
@inline(__always)
private func stridedTile(
    _ kb: Int, _ b: UnsafePointer<Float>, _ bDepth: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool,
    _ column: (Int) -> (Float, Float, Float, Float, Float, Float)
) {
    var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
    var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
    var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
    var bp = UnsafeRawPointer(b)
    for p in 0..<kb {
        let b0 = bp.loadUnaligned(as: SIMD8<Float>.self)
        let b1 = bp.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        let a = column(p)
        multiplyAdd(&c00, &c01, a.0, b0, b1)
        multiplyAdd(&c10, &c11, a.1, b0, b1)
        multiplyAdd(&c20, &c21, a.2, b0, b1)
        multiplyAdd(&c30, &c31, a.3, b0, b1)
        multiplyAdd(&c40, &c41, a.4, b0, b1)
        multiplyAdd(&c50, &c51, a.5, b0, b1)
        bp += bDepth &* 4
    }
    store(c, c00, c01, accumulate)
    store(c + ldc, c10, c11, accumulate)
    store(c + 2 * ldc, c20, c21, accumulate)
    store(c + 3 * ldc, c30, c31, accumulate)
    store(c + 4 * ldc, c40, c41, accumulate)
    store(c + 5 * ldc, c50, c51, accumulate)
}

/// row[0..<16] ← (s0, s1), or row + (s0, s1) when `accumulate`.
@inline(__always)
private func store(_ row: UnsafeMutablePointer<Float>, _ s0: SIMD8<Float>, _ s1: SIMD8<Float>, _ accumulate: Bool) {
    let raw = UnsafeMutableRawPointer(row)
    if accumulate {
        raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Float>.self) + s0, as: SIMD8<Float>.self)
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) + s1, toByteOffset: 32, as: SIMD8<Float>.self)
    } else {
        raw.storeBytes(of: s0, as: SIMD8<Float>.self)
        raw.storeBytes(of: s1, toByteOffset: 32, as: SIMD8<Float>.self)
    }
}
