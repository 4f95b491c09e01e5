import DescentKernels

/// The passes of batch normalization over [M, C] rows (C features side by side): per-feature
/// sums over fixed chunks of 256 rows, each chunk summed in Float lanes in row order and the
/// chunks added in Double in order (the same bits on any number of threads; a Float sum of
/// 256 terms is within about 1.5e-5 of the exact one relative to Σ|terms|), and the
/// elementwise passes in sixteen lanes over the thread pool.
enum BatchNormKernels {
    /// Rows per chunk of a sum: enough work per chunk, few enough partial sums to add.
    static let rowsPerChunk = 256

    /// Σ_rows f(row) per feature, in Double: `accumulate(rows, sums)` adds the rows of one
    /// chunk into its own `sums`.
    static func featureSums(rows m: Int, features c: Int, count: Int = 1,
                            _ accumulate: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        let chunks = Swift.max(1, (m + rowsPerChunk - 1) / rowsPerChunk)
        var partial = [Double](repeating: 0, count: chunks * c * count)
        partial.withUnsafeMutableBufferPointer { partial in
            let base = partial.baseAddress!
            ThreadPool.parallelChunks(chunks, grain: 1) { range in
                for chunk in range {
                    let rows = (chunk * rowsPerChunk)..<Swift.min(m, (chunk + 1) * rowsPerChunk)
                    accumulate(rows, base + chunk * c * count)
                }
            }
        }
        var total = [Double](repeating: 0, count: c * count)
        for chunk in 0..<chunks {
            for j in 0..<(c * count) { total[j] += partial[chunk * c * count + j] }
        }
        return total
    }

    /// Adds f(row, j…j+15) over `rows` into `sums[j…]` for every 16-feature block j, in Float
    /// lanes within the rows (row order), then into the chunk's Double sums.
    @inline(__always)
    static func addRows(_ rows: Range<Int>, features c: Int, into sums: UnsafeMutablePointer<Double>,
                        _ f: (_ row: Int, _ feature: Int, _ width: Int) -> Lanes) {
        for j in stride(from: 0, to: c, by: Lanes.scalarCount) {
            let width = Swift.min(Lanes.scalarCount, c - j)
            var total = Lanes()
            for row in rows { total += f(row, j, width) }
            for k in 0..<width { sums[j + k] += Double(total[k]) }
        }
    }

    /// `body` with lane pointers to four lane tables.
    @inline(__always)
    static func withTables(_ a: [Float], _ b: [Float], _ c: [Float], _ d: [Float],
                           _ body: (LanePointer, LanePointer, LanePointer, LanePointer) -> Void) {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeBufferPointer { c in d.withUnsafeBufferPointer { d in
            body(LanePointer(a.baseAddress!), LanePointer(b.baseAddress!), LanePointer(c.baseAddress!), LanePointer(d.baseAddress!))
        } } } }
    }
}
