import DescentElementwise

/// `adamBody` compiled for AVX2 (two ymm registers per 16 lanes). Call only on a CPU with AVX2.
@inline(never)
public func adamAVX2(
    _ θ: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
    _ g: UnsafePointer<Float>, _ range: Range<Int>, _ k: AdamCoefficients
) {
    adamBody(θ, m, v, g, range, k)
}

/// `WinogradConvolution.transformInput` compiled for AVX2 (two ymm registers per 16 lanes). Call only on a CPU with AVX2.
@inline(never)
public func winogradInputAVX2(
    _ w: WinogradConvolution, _ x: UnsafePointer<Float>, _ tiles: Range<Int>, _ blockTiles: Int, _ v: UnsafeMutablePointer<Float>
) {
    w.transformInput(x, tiles: tiles, blockTiles: blockTiles, into: v)
}

/// `WinogradConvolution.transformOutput` compiled for AVX2. Call only on a CPU with AVX2.
@inline(never)
public func winogradOutputAVX2(
    _ w: WinogradConvolution, _ m: UnsafePointer<Float>, _ tiles: Range<Int>, _ blockTiles: Int,
    _ bias: UnsafePointer<Float>?, _ rectified: Bool, _ out: UnsafeMutablePointer<Float>
) {
    w.transformOutput(m, tiles: tiles, blockTiles: blockTiles, bias: bias, rectified: rectified, into: out)
}

/// `WinogradConvolution.transformOutputGradient` compiled for AVX2. Call only on a CPU with AVX2.
@inline(never)
public func winogradOutputGradientAVX2(
    _ w: WinogradConvolution, _ g: UnsafePointer<Float>, _ tiles: Range<Int>, _ blockTiles: Int, _ dm: UnsafeMutablePointer<Float>
) {
    w.transformOutputGradient(g, tiles: tiles, blockTiles: blockTiles, into: dm)
}
