@testable import DescentKernels

/// One C ← α·op(A)·op(B) + β·C problem with dense row-major operands, as the tests run it.
struct GEMMProblem: CustomStringConvertible {
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool
    let alpha: Float, beta: Float

    var description: String {
        "m=\(m) n=\(n) k=\(k) ta=\(transposeA) tb=\(transposeB) α=\(alpha) β=\(beta)"
    }

    /// C through `SwiftGEMM` with `kernel`, split as for `threads` threads.
    func run(_ a: [Float], _ b: [Float], _ c: [Float], kernel: GEMMKernel,
             threads: Int = ThreadPool.threadCount) -> [Float] {
        var out = c
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        // A non-empty buffer, so k = 0 still passes valid pointers.
        let a = a.isEmpty ? [0] : a, b = b.isEmpty ? [0] : b
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    SwiftGEMM.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                    alpha: alpha, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                    beta: beta, c: c.baseAddress!, ldc: n, kernel: kernel, threads: threads)
                }
            }
        }
        return out
    }

    /// The exact result in Double, and for each element Σ|α·a·b| + |β·c|, the scale of its error.
    func reference(_ a: [Float], _ b: [Float], _ c: [Float]) -> (values: [Double], magnitudes: [Double]) {
        var values = [Double](repeating: 0, count: m * n), magnitudes = values
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let x = Double(transposeA ? a[p * m + i] : a[i * k + p])
                    let y = Double(transposeB ? b[j * k + p] : b[p * n + j])
                    sum += x * y
                    magnitude += abs(x * y)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * n + j])
                values[i * n + j] = Double(alpha) * sum + old
                magnitudes[i * n + j] = abs(Double(alpha)) * magnitude + abs(old)
            }
        }
        return (values, magnitudes)
    }
}
