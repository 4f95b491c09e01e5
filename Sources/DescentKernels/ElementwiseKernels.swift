import DescentElementwise
import DescentKernelsAVX2
import DescentKernelsAVX512

@_exported import struct DescentElementwise.AdamCoefficients
@_exported import struct DescentElementwise.WinogradConvolution

/// The vector instruction sets Descent has kernels for, from `/proc/cpuinfo` on Linux (only
/// `sse`, the baseline, elsewhere).
public enum InstructionSet: String, CaseIterable, Sendable {
    /// The Swift targets' own code generation: SSE2 on x86-64, NEON on arm64.
    case sse
    /// AVX2 with FMA (`-target-cpu haswell`).
    case avx2
    /// AVX-512 Foundation (`-target-cpu skylake-avx512`).
    case avx512

    public var isSupported: Bool {
        switch self {
        case .sse: return true
        case .avx2: return CPUFeatures.hasAVX2FMA
        case .avx512: return CPUFeatures.hasAVX512
        }
    }

    /// The widest instruction set this CPU supports.
    public static let best: InstructionSet = allCases.last(where: \.isSupported) ?? .sse
}

/// Elementwise kernels whose bodies live in `DescentElementwise`, instantiated for each
/// instruction set and chosen at run time. Every instantiation gives the same bits (the bodies
/// use no fused multiply-add), so the choice changes speed only.
public enum ElementwiseKernels {
    /// One Adam step on `range` of θ, m and v (see `adamBody`), with the kernel of `instructionSet`,
    /// which must be supported.
    public static func adam(
        _ θ: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
        _ g: UnsafePointer<Float>, _ range: Range<Int>, _ coefficients: AdamCoefficients,
        instructionSet: InstructionSet = .best
    ) {
        precondition(instructionSet.isSupported, "ElementwiseKernels.adam: \(instructionSet) is not supported by this CPU")
        switch instructionSet {
        case .avx512: adamAVX512(θ, m, v, g, range, coefficients)
        case .avx2: adamAVX2(θ, m, v, g, range, coefficients)
        case .sse: adamBody(θ, m, v, g, range, coefficients)
        }
    }

    /// `WinogradConvolution.transformInput` with the kernel of `instructionSet`, which must be supported.
    public static func winogradInput(
        _ w: WinogradConvolution, _ x: UnsafePointer<Float>, tiles: Range<Int>, blockTiles: Int, into v: UnsafeMutablePointer<Float>,
        instructionSet: InstructionSet = .best
    ) {
        precondition(instructionSet.isSupported, "ElementwiseKernels.winogradInput: \(instructionSet) is not supported by this CPU")
        switch instructionSet {
        case .avx512: winogradInputAVX512(w, x, tiles, blockTiles, v)
        case .avx2: winogradInputAVX2(w, x, tiles, blockTiles, v)
        case .sse: w.transformInput(x, tiles: tiles, blockTiles: blockTiles, into: v)
        }
    }

    /// `WinogradConvolution.transformOutput` with the kernel of `instructionSet`, which must be supported.
    public static func winogradOutput(
        _ w: WinogradConvolution, _ m: UnsafePointer<Float>, tiles: Range<Int>, blockTiles: Int, bias: UnsafePointer<Float>?,
        rectified: Bool, into out: UnsafeMutablePointer<Float>, instructionSet: InstructionSet = .best
    ) {
        precondition(instructionSet.isSupported, "ElementwiseKernels.winogradOutput: \(instructionSet) is not supported by this CPU")
        switch instructionSet {
        case .avx512: winogradOutputAVX512(w, m, tiles, blockTiles, bias, rectified, out)
        case .avx2: winogradOutputAVX2(w, m, tiles, blockTiles, bias, rectified, out)
        case .sse: w.transformOutput(m, tiles: tiles, blockTiles: blockTiles, bias: bias, rectified: rectified, into: out)
        }
    }

    /// `WinogradConvolution.transformOutputGradient` with the kernel of `instructionSet`, which must be supported.
    public static func winogradOutputGradient(
        _ w: WinogradConvolution, _ g: UnsafePointer<Float>, tiles: Range<Int>, blockTiles: Int, into dm: UnsafeMutablePointer<Float>,
        instructionSet: InstructionSet = .best
    ) {
        precondition(instructionSet.isSupported, "ElementwiseKernels.winogradOutputGradient: \(instructionSet) is not supported by this CPU")
        switch instructionSet {
        case .avx512: winogradOutputGradientAVX512(w, g, tiles, blockTiles, dm)
        case .avx2: winogradOutputGradientAVX2(w, g, tiles, blockTiles, dm)
        case .sse: w.transformOutputGradient(g, tiles: tiles, blockTiles: blockTiles, into: dm)
        }
    }
}
