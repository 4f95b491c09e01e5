// swift-tools-version: 6.0
import PackageDescription

/// Code generation for one instruction set, for the micro-kernel targets only: SwiftPM has no
/// per-target CPU setting and Swift no per-function `target` attribute, so this takes
/// `unsafeFlags`. The price: a package with unsafe flags can be a root package or a local
/// (path) dependency, never a versioned one. `DescentKernels` calls these kernels only when
/// the CPU reports the instruction set. Other hosts build them for the baseline (never called).
func targetCPU(_ cpu: String) -> [SwiftSetting] {
    #if arch(x86_64)
    return [.unsafeFlags(["-target-cpu", cpu])]
    #else
    return []
    #endif
}

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Descent", targets: ["Descent"]),
        .library(name: "DescentPlot", targets: ["DescentPlot"]),
        .executable(name: "descent", targets: ["DescentCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Kernels: shapes, random numbers, BLAS loading and the Swift GEMM. No gradients here.
        .target(name: "DescentKernels", dependencies: ["DescentElementwise", "DescentKernelsAVX2", "DescentKernelsAVX512"]),
        // One SGEMM micro-kernel each, and the elementwise bodies instantiated, compiled for
        // AVX2+FMA and for AVX-512; chosen at run time.
        .target(name: "DescentKernelsAVX2", dependencies: ["DescentElementwise"], swiftSettings: targetCPU("haswell")),
        .target(name: "DescentKernelsAVX512", dependencies: ["DescentElementwise"], swiftSettings: targetCPU("skylake-avx512")),
        // Elementwise kernel bodies, @inlinable: each instruction-set target generates its own copy.
        .target(name: "DescentElementwise"),
        // Tensors, autodiff, layers, losses, optimizers, training, experiments and their run folders
        // (plots and reports through DescentPlot); configs read YAML with Yams.
        .target(name: "Descent", dependencies: ["DescentKernels", "DescentPlot", .product(name: "Yams", package: "Yams")]),
        // SVG charts drawn from plain numbers; knows nothing about tensors.
        .target(name: "DescentPlot"),
        .executableTarget(
            name: "DescentCLI",
            dependencies: [
                "Descent", "DescentPlot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Not a product: a training process that the kill-during-checkpoint-write test kills.
        .executableTarget(name: "CheckpointCrashProbe", dependencies: ["Descent"]),
        .testTarget(name: "DescentKernelsTests", dependencies: ["DescentKernels"]),
        .testTarget(name: "DescentTests", dependencies: ["Descent", "DescentKernels", "CheckpointCrashProbe"],
                    exclude: ["Losses/Fixtures", "Persistence/Fixtures", "Zoo/Fixtures"]),
        .testTarget(name: "DescentPlotTests", dependencies: ["DescentPlot"]),
        .testTarget(name: "DescentCLITests", dependencies: ["Descent", "DescentCLI"]),
    ],
    swiftLanguageModes: [.v5]
)
