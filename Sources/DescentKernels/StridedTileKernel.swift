import DescentKernelsAVX2

/// A 6×16 GEMM tile whose operands are read in place, with any strides, rather than packed: for
/// products whose operands the caller writes in the first place (the transformed tiles of
/// `WinogradConvolution`), so that nothing is copied between the two.
///
///     C[0..<6, 0..<16] ← A·B   (C + A·B when accumulating)
///                              A[i, p] at a + i·lda + p, or at a + p·lda + i (transposed)
///                              B[p, j] at b + p·bDepth + j (bDepth = 16: packed by `GEMMPacking.packB`)
///
/// Only the AVX2 + FMA kernels exist (an AVX-512 CPU runs them too); elsewhere `isSupported` is
/// false and callers take another path.
public enum StridedTileKernel {
    /// Rows of the tile.
    public static let rows = 6
    /// Columns of the tile.
    public static let columns = 16

    /// Whether this CPU runs the kernel.
    public static var isSupported: Bool { InstructionSet.avx2.isSupported }

    /// C ← A·B (or C + A·B) for one whole tile, A[i, p] at a + i·lda + p (row-major); each sum
    /// runs p = 0 … kb − 1 with fused multiply-adds, from 0, and is added to C once. Only when `isSupported`.
    @inline(__always)
    public static func multiply(depth kb: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, bDepth: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        sgemmRowMajorTileAVX2(kb, a, lda, b, bDepth, c, ldc, accumulate)
    }

    /// `multiply` with A[i, p] at a + p·lda + i (A stored transposed).
    @inline(__always)
    public static func multiply(depth kb: Int, transposedA a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, bDepth: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        sgemmTransposedTileAVX2(kb, a, lda, b, bDepth, c, ldc, accumulate)
    }
}
