import DescentKernelsAVX2

/// A 6×16 GEMM tile whose A operand is read in place, row by row, rather than packed: for
/// products whose A is written by the caller in the first place (the transformed tiles of
/// `WinogradConvolution`), so that nothing is copied between the two.
///
///     C[0..<6, 0..<16] ← A·B   (C + A·B when accumulating)
///                              A: 6×kb, row i at a + i·lda     B: kb×16 packed k-major (`GEMMPacking.packB`, nr = 16)
///
/// Only the AVX2 + FMA kernel exists (an AVX-512 CPU runs it too); elsewhere `isSupported` is
/// false and callers take another path.
public enum RowMajorTileKernel {
    /// Rows of the tile.
    public static let rows = 6
    /// Columns of the tile: B is packed in panels of this width.
    public static let columns = 16

    /// Whether this CPU runs the kernel.
    public static var isSupported: Bool { InstructionSet.avx2.isSupported }

    /// C ← A·B (or C + A·B) for one whole tile; each sum runs p = 0 … kb − 1 with fused
    /// multiply-adds. Only when `isSupported`.
    @inline(__always)
    public static func multiply(depth kb: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        sgemmRowMajorTileAVX2(kb, a, lda, b, c, ldc, accumulate)
    }
}
