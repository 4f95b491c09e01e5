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
