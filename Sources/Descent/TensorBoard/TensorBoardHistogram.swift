/// A histogram as TensorBoard stores it (`HistogramProto`): summary statistics and bucket
/// counts, bucket i holding the values in (bucketLimits[i−1], bucketLimits[i]].
///
///     message HistogramProto { double min = 1; double max = 2; double num = 3; double sum = 4;
///                              double sum_squares = 5; repeated double bucket_limit = 6 [packed];
///                              repeated double bucket = 7 [packed]; }
public struct TensorBoardHistogram: Equatable, Sendable {
    public var min: Double
    public var max: Double
    public var count: Double
    public var sum: Double
    public var sumOfSquares: Double
    /// The right edge of each bucket; the last one is `max`.
    public var bucketLimits: [Double]
    public var bucketCounts: [Double]

    public init(min: Double, max: Double, count: Double, sum: Double, sumOfSquares: Double,
                bucketLimits: [Double], bucketCounts: [Double]) {
        precondition(bucketLimits.count == bucketCounts.count, "TensorBoardHistogram: \(bucketLimits.count) limits but \(bucketCounts.count) counts")
        (self.min, self.max, self.count, self.sum, self.sumOfSquares) = (min, max, count, sum, sumOfSquares)
        self.bucketLimits = bucketLimits
        self.bucketCounts = bucketCounts
    }

    /// `bucketCount` equal-width buckets from the smallest to the largest finite value
    /// (non-finite values are left out; a constant tensor gets one bucket).
    public init(_ values: [Float], bucketCount: Int = 30) {
        precondition(bucketCount >= 1, "TensorBoardHistogram: bucketCount must be ≥ 1")
        let finite = values.lazy.filter(\.isFinite).map(Double.init)
        var (low, high, n, sum, squares) = (Double.infinity, -Double.infinity, 0.0, 0.0, 0.0)
        for value in finite {
            (low, high) = (Swift.min(low, value), Swift.max(high, value))
            n += 1; sum += value; squares += value * value
        }
        guard n > 0 else {
            self.init(min: 0, max: 0, count: 0, sum: 0, sumOfSquares: 0, bucketLimits: [], bucketCounts: [])
            return
        }
        let buckets = high > low ? bucketCount : 1
        let width = (high - low) / Double(buckets)
        var counts = [Double](repeating: 0, count: buckets)
        for value in finite {
            let index = width > 0 ? Int(((value - low) / width).rounded(.up)) - 1 : 0
            counts[Swift.min(Swift.max(index, 0), buckets - 1)] += 1
        }
        let limits = (1...buckets).map { $0 == buckets ? high : low + Double($0) * width }
        self.init(min: low, max: high, count: n, sum: sum, sumOfSquares: squares, bucketLimits: limits, bucketCounts: counts)
    }

    func encoded() -> ProtobufWriter {
        var writer = ProtobufWriter()
        writer.double(1, min)
        writer.double(2, max)
        writer.double(3, count)
        writer.double(4, sum)
        writer.double(5, sumOfSquares)
        writer.packedDoubles(6, bucketLimits)
        writer.packedDoubles(7, bucketCounts)
        return writer
    }

    init(decoding bytes: [UInt8]) throws {
        var histogram = TensorBoardHistogram(min: 0, max: 0, count: 0, sum: 0, sumOfSquares: 0, bucketLimits: [], bucketCounts: [])
        for (number, value) in try ProtobufReader.fields(bytes) {
            switch number {
            case 1: histogram.min = value.double ?? 0
            case 2: histogram.max = value.double ?? 0
            case 3: histogram.count = value.double ?? 0
            case 4: histogram.sum = value.double ?? 0
            case 5: histogram.sumOfSquares = value.double ?? 0
            case 6: histogram.bucketLimits += value.doubles ?? []
            case 7: histogram.bucketCounts += value.doubles ?? []
            default: continue
            }
        }
        self = histogram
    }
}
