import DescentKernels
import Foundation
import Testing

/// C ← α·op(A)·op(B) + β·C, computed naively in Double.
private func referenceGEMM(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                           _ a: [Float], _ b: [Float], _ beta: Float, _ c: [Float]) -> [Float] {
    var out = c
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                let x = ta ? a[p * m + i] : a[i * k + p]
                let y = tb ? b[j * k + p] : b[p * n + j]
                sum += Double(x) * Double(y)
            }
            out[i * n + j] = Float(Double(alpha) * sum + (beta == 0 ? 0 : Double(beta) * Double(c[i * n + j])))
        }
    }
    return out
}

private func run(_ backend: (Bool, Bool, Int, Int, Int, Float, UnsafePointer<Float>, Int, UnsafePointer<Float>, Int, Float, UnsafeMutablePointer<Float>, Int) -> Void,
                 _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: [Float], _ b: [Float], _ beta: Float, _ c: [Float]) -> [Float] {
    var out = c
    a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
            out.withUnsafeMutableBufferPointer { cp in
                backend(ta, tb, m, n, k, alpha, ap.baseAddress!, ta ? m : k, bp.baseAddress!, tb ? k : n, beta, cp.baseAddress!, n)
            }
        }
    }
    return out
}

private func swiftGEMM(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                       _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    SwiftGEMM.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
}

@Suite struct GEMMTests {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 7, 3), (5, 1, 9), (3, 17, 2), (4, 16, 256), (5, 17, 257), (63, 65, 31),
        (64, 64, 64), (130, 33, 300), (7, 300, 513), (200, 150, 90),
    ]

    @Test(arguments: shapes)
    func swiftKernelMatchesReferenceForAllTransposes(_ shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let generator = RandomGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        let a = (0..<(m * k)).map { _ in generator.nextUniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in generator.nextUniform(-1, 1) }
        let c = (0..<(m * n)).map { _ in generator.nextUniform(-1, 1) }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                let expected = referenceGEMM(ta, tb, m, n, k, alpha, a, b, beta, c)
                let actual = run(swiftGEMM, ta, tb, m, n, k, alpha, a, b, beta, c)
                let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-5 * Float(k) + 1e-5, "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb) α=\(alpha) β=\(beta): max error \(worst)")
            }
        }
    }

    @Test func betaZeroIgnoresNaNInTheOutput() {
        let c = [Float](repeating: .nan, count: 6)
        let out = run(swiftGEMM, false, false, 2, 3, 2, 1, [1, 2, 3, 4], [1, 0, 1, 0, 1, 1], 0, c)
        #expect(out == [1, 2, 3, 3, 4, 7])
    }

    @Test func emptyInnerDimensionScalesC() {
        let out = run(swiftGEMM, false, false, 2, 2, 0, 1, [], [], 0.5, [2, 4, 6, 8])
        #expect(out == [1, 2, 3, 4])
    }

    /// When a system BLAS loads (CI installs OpenBLAS), both paths agree on every shape.
    @Test(arguments: shapes)
    func blasAndSwiftKernelAgree(_ shape: (Int, Int, Int)) throws {
        let backend = CPUBackend(useBLAS: true)
        guard backend.blas != nil else { return }  // no BLAS on this machine: nothing to compare
        let (m, n, k) = shape
        let generator = RandomGenerator(seed: UInt64(k))
        let a = (0..<(m * k)).map { _ in generator.nextUniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in generator.nextUniform(-1, 1) }
        let c = [Float](repeating: 0, count: m * n)
        for (ta, tb) in [(false, false), (true, false), (false, true)] {
            let viaBLAS = run({ backend.sgemm(transposeA: $0, transposeB: $1, m: $2, n: $3, k: $4, alpha: $5, a: $6, lda: $7, b: $8, ldb: $9, beta: $10, c: $11, ldc: $12) },
                              ta, tb, m, n, k, 1, a, b, 0, c)
            let viaSwift = run(swiftGEMM, ta, tb, m, n, k, 1, a, b, 0, c)
            let worst = zip(viaBLAS, viaSwift).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-5 * Float(k) + 1e-5)
        }
    }

    @Test func blasOffInTheEnvironmentIsHonoured() {
        // DESCENT_BLAS=off makes loadFromEnvironment return nil; an explicit bogus path too.
        #expect(BLASLibrary(path: "/nonexistent/libblas.so") == nil)
        #expect(CPUBackend(useBLAS: false).blas == nil)
        #expect(CPUBackend(useBLAS: false).name.contains("swift gemm"))
    }
}

@Suite struct BLASSelectionTests {
    /// OpenBLAS must not fall back to its generic SSE3 kernel on a CPU with AVX2 (see
    /// `BLASLibrary.chooseOpenBLASCoreType`).
    @Test func openBLASUsesAVXKernelsWhereTheCPUHasThem() throws {
        guard let blas = CPUBackend(useBLAS: true).blas, let core = blas.coreName else { return }
        #if os(Linux)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard cpuinfo.contains(" avx2") else { return }
        #expect(!["Prescott", "Core2", "Nehalem", "Sandybridge"].contains(core), "OpenBLAS chose \(core)")
        #endif
    }
}
