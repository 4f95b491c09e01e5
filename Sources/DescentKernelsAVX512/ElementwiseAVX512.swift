import DescentElementwise

/// `adamBody` compiled for AVX-512 (one zmm register per 16 lanes). Call only on a CPU with AVX-512.
@inline(never)
public func adamAVX512(
    _ θ: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
    _ g: UnsafePointer<Float>, _ range: Range<Int>, _ k: AdamCoefficients
) {
    adamBody(θ, m, v, g, range, k)
}
