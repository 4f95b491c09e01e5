@testable import DescentKernels
import Testing

/// Every micro-kernel the CPU supports, forced through `SwiftGEMM.sgemm(kernel:)`, against a
/// naive triple loop in Double on shapes that are tiny or miss every block size. Kernels the CPU
/// lacks are skipped, never called (they would die on an illegal instruction).
@Suite struct GEMMKernelTests {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (3, 5, 7), (13, 33, 1), (12, 32, 256), (17, 33, 65), (25, 31, 257),
        (63, 129, 257), (97, 70, 513), (250, 40, 20),
    ]

    /// Float32 error model: each of the k products and sums adds at most one rounding of the
    /// partial sum, so |computed − exact| ≤ (k + 2)·u·Σ|α·a·b| + u·|β·c|, u = 2⁻²⁴; the bound
    /// below doubles it for the α·sum and C + α·sum roundings.
    static func tolerance(k: Int, magnitude: Double) -> Double {
        2 * Double(k + 4) * 0x1p-24 * magnitude + 1e-30
    }

    @Test(arguments: GEMMKernel.allCases, shapes)
    func kernelMatchesDoubleReference(_ kernel: GEMMKernel, _ shape: (Int, Int, Int)) throws {
        guard kernel.isSupported else { return }
        let (m, n, k) = shape
        let generator = RandomGenerator(seed: UInt64(m * 7919 + n * 31 + k))
        let a = (0..<(m * k)).map { _ in generator.nextUniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in generator.nextUniform(-1, 1) }
        let c = (0..<(m * n)).map { _ in generator.nextUniform(-1, 1) }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                let product = GEMMProblem(m: m, n: n, k: k, transposeA: ta, transposeB: tb, alpha: alpha, beta: beta)
                let actual = product.run(a, b, c, kernel: kernel)
                let (expected, magnitude) = product.reference(a, b, c)
                for index in 0..<(m * n) {
                    let error = abs(Double(actual[index]) - expected[index])
                    let bound = Self.tolerance(k: k, magnitude: magnitude[index])
                    if error > bound {
                        Issue.record("\(kernel) \(product): C[\(index)] = \(actual[index]), expected \(expected[index]) (error \(error) > \(bound))")
                        break
                    }
                }
            }
        }
    }

    @Test(arguments: GEMMKernel.allCases)
    func resultsDoNotDependOnTheThreadCount(_ kernel: GEMMKernel) {
        guard kernel.isSupported else { return }
        for (m, n, k) in [(513, 200, 300), (40, 700, 600), (7, 1000, 50)] {
            let generator = RandomGenerator(seed: UInt64(m + n + k))
            let a = (0..<(m * k)).map { _ in generator.nextUniform(-1, 1) }
            let b = (0..<(k * n)).map { _ in generator.nextUniform(-1, 1) }
            let c = (0..<(m * n)).map { _ in generator.nextUniform(-1, 1) }
            let product = GEMMProblem(m: m, n: n, k: k, transposeA: false, transposeB: true, alpha: 0.75, beta: 0.5)
            let single = product.run(a, b, c, kernel: kernel, threads: 1)
            for threads in [2, 3, 8] {
                let split = product.run(a, b, c, kernel: kernel, threads: threads)
                #expect(split == single, "\(kernel) \(product) with \(threads) threads")
            }
        }
    }

    @Test(arguments: GEMMKernel.allCases)
    func emptyInnerDimensionAndBetaZeroNaN(_ kernel: GEMMKernel) {
        guard kernel.isSupported else { return }
        let scaleOnly = GEMMProblem(m: 2, n: 2, k: 0, transposeA: false, transposeB: false, alpha: 1, beta: 0.5)
        #expect(scaleOnly.run([], [], [2, 4, 6, 8], kernel: kernel) == [1, 2, 3, 4])
        let overwrite = GEMMProblem(m: 2, n: 3, k: 2, transposeA: false, transposeB: false, alpha: 1, beta: 0)
        let out = overwrite.run([1, 2, 3, 4], [1, 0, 1, 0, 1, 1], [Float](repeating: .nan, count: 6), kernel: kernel)
        #expect(out == [1, 2, 3, 3, 4, 7])
    }

    @Test func selectionPrefersTheWidestSupportedKernel() {
        #expect(GEMMKernel.sse.isSupported)
        #expect(GEMMKernel.best.isSupported)
        #expect(GEMMKernel.selected.isSupported)
        if CPUFeatures.hasAVX512 { #expect(GEMMKernel.best == .avx512) }
        if !CPUFeatures.hasAVX2FMA && !CPUFeatures.hasAVX512 { #expect(GEMMKernel.best == .sse) }
    }

    @Test func workSplitCoversEveryRowAndPanelOnce() {
        for kernel in GEMMKernel.allCases {
            for (m, panels, threads) in [(1, 1, 2), (512, 16, 2), (2048, 64, 2), (13, 40, 3), (100, 1, 4), (5000, 3, 7)] {
                let split = WorkSplit(m: m, panels: panels, kernel: kernel, threads: threads)
                var hits = [Int](repeating: 0, count: m * panels)
                for task in 0..<split.tasks {
                    let (rows, group) = split.task(task, m: m)
                    #expect(rows.count <= max(kernel.maximumRowBlock, kernel.rows))
                    for i in rows { for j in group { hits[i * panels + j] += 1 } }
                }
                #expect(hits.allSatisfy { $0 == 1 }, "\(kernel) m=\(m) panels=\(panels) threads=\(threads)")
            }
        }
    }
}
