import Foundation

/// The instruction-set extensions the operating system reports for this CPU, read once.
///
/// On Linux these are the `flags` of the first processor in `/proc/cpuinfo` (`avx2`, `fma`,
/// `avx512f`, …); the kernel lists an extension only when it also saves its registers on a
/// context switch, so a listed flag is safe to use. Elsewhere the set is empty and callers use
/// their baseline code.
enum CPUFeatures {
    static let flags: Set<String> = {
        #if os(Linux)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        return Set(line.split(separator: " ").map(String.init))
        #else
        return []
        #endif
    }()

    /// AVX-512 Foundation: 32 zmm registers of 16 floats.
    static let hasAVX512 = flags.contains("avx512f")

    /// AVX2 with fused multiply-add: 16 ymm registers of 8 floats.
    static let hasAVX2FMA = flags.contains("avx2") && flags.contains("fma")
}
