/// The AVX-512 micro-kernel of `SwiftGEMM`: a 12×32 tile of C held in 24 zmm registers.
///
///     C[0..<12, 0..<32] ← C + α·(A·B)      A: 12×kb, packed k-major (12 floats per step)
///                                          B: kb×32, packed k-major (32 floats per step)
///
/// This target is compiled with `-target-cpu skylake-avx512` (see Package.swift), so SIMD16<Float>
/// is one zmm register and `addingProduct` is one `vfmadd231ps` with the A element broadcast
/// from memory. Each step p adds A[i, p]·B[p, j] to the accumulator of (i, j) with one fused
/// multiply-add, in order p = 0, 1, …, kb − 1; the update of C rounds α·sum, then C + α·sum
/// (not fused), like every other kernel's write-back. Call it only on a CPU with AVX-512F;
/// nothing here runs at load time.
@inline(never)
public func sgemmMicroKernelAVX512(
    _ kb: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float
) {
    var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
    var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
    var c40 = SIMD16<Float>(), c41 = SIMD16<Float>(), c50 = SIMD16<Float>(), c51 = SIMD16<Float>()
    var c60 = SIMD16<Float>(), c61 = SIMD16<Float>(), c70 = SIMD16<Float>(), c71 = SIMD16<Float>()
    var c80 = SIMD16<Float>(), c81 = SIMD16<Float>(), c90 = SIMD16<Float>(), c91 = SIMD16<Float>()
    var cA0 = SIMD16<Float>(), cA1 = SIMD16<Float>(), cB0 = SIMD16<Float>(), cB1 = SIMD16<Float>()
    var ap = a, bp = UnsafeRawPointer(b)
    for _ in 0..<kb {
        let b0 = bp.loadUnaligned(as: SIMD16<Float>.self)
        let b1 = bp.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
        multiplyAdd(&c00, &c01, ap[0], b0, b1)
        multiplyAdd(&c10, &c11, ap[1], b0, b1)
        multiplyAdd(&c20, &c21, ap[2], b0, b1)
        multiplyAdd(&c30, &c31, ap[3], b0, b1)
        multiplyAdd(&c40, &c41, ap[4], b0, b1)
        multiplyAdd(&c50, &c51, ap[5], b0, b1)
        multiplyAdd(&c60, &c61, ap[6], b0, b1)
        multiplyAdd(&c70, &c71, ap[7], b0, b1)
        multiplyAdd(&c80, &c81, ap[8], b0, b1)
        multiplyAdd(&c90, &c91, ap[9], b0, b1)
        multiplyAdd(&cA0, &cA1, ap[10], b0, b1)
        multiplyAdd(&cB0, &cB1, ap[11], b0, b1)
        ap += 12
        bp += 128
    }
    update(c, c00, c01, alpha)
    update(c + ldc, c10, c11, alpha)
    update(c + 2 * ldc, c20, c21, alpha)
    update(c + 3 * ldc, c30, c31, alpha)
    update(c + 4 * ldc, c40, c41, alpha)
    update(c + 5 * ldc, c50, c51, alpha)
    update(c + 6 * ldc, c60, c61, alpha)
    update(c + 7 * ldc, c70, c71, alpha)
    update(c + 8 * ldc, c80, c81, alpha)
    update(c + 9 * ldc, c90, c91, alpha)
    update(c + 10 * ldc, cA0, cA1, alpha)
    update(c + 11 * ldc, cB0, cB1, alpha)
}

/// (c0, c1) ← (c0 + a·b0, c1 + a·b1), each lane one fused multiply-add.
@inline(__always)
private func multiplyAdd(
    _ c0: inout SIMD16<Float>, _ c1: inout SIMD16<Float>, _ a: Float, _ b0: SIMD16<Float>, _ b1: SIMD16<Float>
) {
    let broadcast = SIMD16<Float>(repeating: a)
    c0 = c0.addingProduct(broadcast, b0)
    c1 = c1.addingProduct(broadcast, b1)
}

/// row[0..<32] ← row + α·(s0, s1), rounding α·s first.
@inline(__always)
private func update(_ row: UnsafeMutablePointer<Float>, _ s0: SIMD16<Float>, _ s1: SIMD16<Float>, _ alpha: Float) {
    let raw = UnsafeMutableRawPointer(row)
    let scaled0 = alpha * s0, scaled1 = alpha * s1
    raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) + scaled0, as: SIMD16<Float>.self)
    raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self) + scaled1,
                   toByteOffset: 64, as: SIMD16<Float>.self)
}
