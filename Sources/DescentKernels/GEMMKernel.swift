import DescentKernelsAVX2
import DescentKernelsAVX512
import Foundation

/// The micro-kernels of `SwiftGEMM`, one per instruction set, and the block sizes each is tuned
/// for. Each computes one mr×nr tile of C from packed panels:
///
///     C[0..<mr, 0..<nr] ← C + α·(A·B)      A: mr×kb panel, B: kb×nr panel, both k-major
///
/// | kernel   | tile  | registers         | compiled for                  |
/// |----------|-------|-------------------|-------------------------------|
/// | `sse`    | 4×16  | SIMD16 accumulators | the Swift target (SSE2 on x86-64, NEON on arm64) |
/// | `avx2`   | 6×16  | 12 ymm            | `-target-cpu haswell` (AVX2 + FMA) |
/// | `avx512` | 12×32 | 24 zmm            | `-target-cpu skylake-avx512`   |
///
/// The AVX kernels fuse each multiply-add; the `sse` kernel rounds the product first. So the
/// kernels agree within the Float32 error bound, not bit for bit; one kernel always gives the
/// same bits, whatever the thread count.
public enum GEMMKernel: String, CaseIterable, Sendable {
    case sse, avx2, avx512

    /// Whether this CPU can run the kernel (from `/proc/cpuinfo` on Linux; only `sse` elsewhere).
    public var isSupported: Bool { InstructionSet(rawValue: rawValue)!.isSupported }

    /// The fastest kernel this CPU supports.
    public static var best: GEMMKernel { allCases.last(where: \.isSupported) ?? .sse }

    /// The kernel `SwiftGEMM` uses by default: `DESCENT_GEMM_KERNEL=sse|avx2|avx512` when set
    /// and supported by the CPU, else `best`. An unknown or unsupported name falls back to
    /// `best` (with a note on standard error) rather than crash on an illegal instruction.
    public static let selected: GEMMKernel = {
        guard let value = getenv("DESCENT_GEMM_KERNEL").map({ String(cString: $0).lowercased() }),
              !value.isEmpty
        else { return best }
        if let kernel = GEMMKernel(rawValue: value), kernel.isSupported { return kernel }
        FileHandle.standardError.write(Data("DESCENT_GEMM_KERNEL=\(value) is not available here; using \(best)\n".utf8))
        return best
    }()

    typealias Function = (
        _ kb: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float) -> Void

    /// Rows of the tile (mr): A is packed in panels of this height.
    public var rows: Int {
        switch self {
        case .sse: return 4
        case .avx2: return 6
        case .avx512: return 12
        }
    }

    /// Columns of the tile (nr): B is packed in panels of this width.
    public var columns: Int { self == .avx512 ? 32 : 16 }

    /// Depth of a packed block (kc): a kc×nr panel of B stays in the 48 KiB L1 cache while the
    /// kernel walks down a row block of A.
    var depthBlock: Int { 256 }

    /// Largest row block (mc): an mc×kc block of packed A stays in L2.
    var maximumRowBlock: Int { self == .avx512 ? 240 : 96 }

    var function: Function {
        switch self {
        case .sse: return sgemmMicroKernelSSE
        case .avx2: return sgemmMicroKernelAVX2
        case .avx512: return sgemmMicroKernelAVX512
        }
    }

    /// C[0..<height, 0..<width] ← C + α·(A·B) from an mr×kb panel of A and a kb×nr panel of B,
    /// both packed k-major and zero-padded to whole tiles (`rows` × `columns`). A whole tile is
    /// updated in place; an edge tile goes through a scratch tile, so C is touched only inside
    /// height × width, with the same rounding as a whole tile.
    public func multiplyTile(
        depth kb: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, height: Int, width: Int, alpha: Float = 1
    ) {
        let (mr, nr) = (rows, columns)
        if height == mr && width == nr {
            function(kb, a, b, c, ldc, alpha)
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: mr * nr) { buffer in
            let scratch = buffer.baseAddress!
            // −0 + x = x for every x (+0 included), so the tile gets exactly α·sum and
            // C + α·sum below rounds as the kernel's own update would.
            scratch.initialize(repeating: -0.0, count: mr * nr)
            function(kb, a, b, scratch, nr, alpha)
            for i in 0..<height {
                for j in 0..<width { c[i * ldc + j] += scratch[i * nr + j] }
            }
        }
    }
}
