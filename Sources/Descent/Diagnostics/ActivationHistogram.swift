/// An equal-width histogram of a layer's activations on the probe batch.
public struct ActivationHistogram: Codable, Equatable, Sendable {
    public var epoch: Int
    public var layer: String
    public var name: String
    /// Bucket edges, one more than `counts`.
    public var edges: [Double]
    public var counts: [Int]

    /// `bucketCount` buckets from the smallest to the largest finite value.
    init(epoch: Int, layer: String, name: String, values: [Float], bucketCount: Int = 30) {
        (self.epoch, self.layer, self.name) = (epoch, layer, name)
        let finite = values.filter(\.isFinite)
        let low = Double(finite.min() ?? 0), high = Double(finite.max() ?? 0)
        let buckets = high > low ? bucketCount : 1
        let width = high > low ? (high - low) / Double(buckets) : 1
        edges = (0...buckets).map { low + Double($0) * width }
        counts = [Int](repeating: 0, count: buckets)
        for value in finite {
            counts[Swift.min(Int((Double(value) - low) / width), buckets - 1)] += 1
        }
    }
}
