// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        // Kernels: shapes, random numbers, BLAS loading and the Swift GEMM. No gradients here.
        .target(name: "DescentKernels"),
        // Tensors, autodiff, layers, losses, optimizers, training.
        .target(name: "Descent", dependencies: ["DescentKernels"]),
        // SVG charts drawn from plain numbers; knows nothing about tensors.
        .target(name: "DescentPlot"),
        .executableTarget(
            name: "DescentCLI",
            dependencies: [
                "Descent", "DescentPlot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "DescentKernelsTests", dependencies: ["DescentKernels"]),
        .testTarget(name: "DescentTests", dependencies: ["Descent", "DescentKernels"]),
        .testTarget(name: "DescentPlotTests", dependencies: ["DescentPlot"]),
        .testTarget(name: "DescentCLITests", dependencies: ["Descent", "DescentCLI"]),
    ],
    swiftLanguageModes: [.v5]
)
