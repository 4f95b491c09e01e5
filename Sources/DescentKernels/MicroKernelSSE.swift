/// The portable micro-kernel of `SwiftGEMM`: a 4×16 tile of C in four SIMD16<Float> accumulators.
///
///     C[0..<4, 0..<16] ← C + α·(A·B)       A: 4×kb, packed k-major (4 floats per step)
///                                          B: kb×16, packed k-major (16 floats per step)
///
/// Compiled for the package's target (SSE2 on x86-64: each SIMD16 is four xmm registers, and
/// there is no fused multiply-add), it is the kernel for CPUs without AVX2. Each step rounds
/// A[i, p]·B[p, j] and then the sum, in order p = 0, 1, …, kb − 1; the update of C rounds α·sum,
/// then C + α·sum.
@inline(never)
func sgemmMicroKernelSSE(
    _ kb: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float
) {
    var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
    var ap = a, bp = UnsafeRawPointer(b)
    for _ in 0..<kb {
        let bv = bp.loadUnaligned(as: SIMD16<Float>.self)
        c0 += bv * ap[0]
        c1 += bv * ap[1]
        c2 += bv * ap[2]
        c3 += bv * ap[3]
        ap += 4
        bp += 64
    }
    update(c, c0, alpha)
    update(c + ldc, c1, alpha)
    update(c + 2 * ldc, c2, alpha)
    update(c + 3 * ldc, c3, alpha)
}

/// row[0..<16] ← row + α·sum, rounding α·sum first.
@inline(__always)
private func update(_ row: UnsafeMutablePointer<Float>, _ sum: SIMD16<Float>, _ alpha: Float) {
    let raw = UnsafeMutableRawPointer(row)
    let scaled = alpha * sum
    raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) + scaled, as: SIMD16<Float>.self)
}
