import DescentElementwise

/// `adamBody` compiled for AVX2 (two ymm registers per 16 lanes). Call only on a CPU with AVX2.
@inline(never)
public func adamAVX2(
    _ θ: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
    _ g: UnsafePointer<Float>, _ range: Range<Int>, _ k: AdamCoefficients
) {
    adamBody(θ, m, v, g, range, k)
}
