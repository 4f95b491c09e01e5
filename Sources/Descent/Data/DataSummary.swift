/// What `descent data inspect` reports about a dataset: shape, element type, per-feature
/// statistics, class counts, and the warning signs (constant features, NaN/∞, class imbalance).
///
/// Statistics skip non-finite values, which are counted instead; σ is the population standard
/// deviation (ddof = 0, as `Preprocessing` uses). A feature is constant when its finite values
/// are all equal. Classes are imbalanced when the largest has at least `imbalanceThreshold`
/// times the samples of the smallest (or some class has none).
public struct DataSummary: Codable, Equatable {
    /// Statistics of one feature position.
    public struct Feature: Codable, Equatable {
        public var name: String
        public var mean: Double
        public var standardDeviation: Double
        public var minimum: Double
        public var maximum: Double
        /// NaN and ±∞ values, which the statistics skip.
        public var nonFiniteCount: Int
        public var isConstant: Bool
    }

    /// The number of samples of one class.
    public struct ClassCount: Codable, Equatable {
        public var name: String
        public var count: Int
    }

    public static let imbalanceThreshold = 1.5

    public var shape: [Int]
    public var dataType: String
    public var features: [Feature]
    public var classCounts: [ClassCount]?
    /// Largest class count / smallest; nil without classes or when a class is empty.
    public var imbalanceRatio: Double?
    public var isImbalanced: Bool
    public var nonFiniteCount: Int { features.reduce(0) { $0 + $1.nonFiniteCount } }
    public var constantFeatures: [String] { features.filter(\.isConstant).map(\.name) }

    /// Summarizes `features` [N, …] (each position after the batch axis is one feature, named
    /// by `featureNames` or by its index) and, for classification, class-index `targets`.
    public init(features x: Tensor, featureNames: [String]? = nil, dataType: String,
                targets: Tensor? = nil, classNames: [String]? = nil) {
        shape = x.shape
        self.dataType = dataType
        let n = x.shape.first ?? 0
        let width = n == 0 ? 0 : x.count / n
        var sums = [Double](repeating: 0, count: width), squares = sums
        var lows = [Double](repeating: .infinity, count: width), highs = [Double](repeating: -.infinity, count: width)
        var finite = [Int](repeating: 0, count: width)
        x.scalars.withUnsafeBufferPointer { values in
            for (i, value) in values.enumerated() where value.isFinite {
                let f = i % width, v = Double(value)
                sums[f] += v
                squares[f] += v * v
                lows[f] = Swift.min(lows[f], v)
                highs[f] = Swift.max(highs[f], v)
                finite[f] += 1
            }
        }
        features = (0..<width).map { f in
            let count = Double(Swift.max(finite[f], 1))
            let mean = sums[f] / count
            let variance = Swift.max(squares[f] / count - mean * mean, 0)
            return Feature(name: featureNames?[f] ?? "\(f)", mean: mean, standardDeviation: variance.squareRoot(),
                           minimum: finite[f] > 0 ? lows[f] : .nan, maximum: finite[f] > 0 ? highs[f] : .nan,
                           nonFiniteCount: n - finite[f], isConstant: finite[f] > 0 && lows[f] == highs[f])
        }
        guard let targets, let classNames else {
            (classCounts, imbalanceRatio, isImbalanced) = (nil, nil, false)
            return
        }
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in targets.scalars where Int(label) >= 0 && Int(label) < counts.count { counts[Int(label)] += 1 }
        classCounts = zip(classNames, counts).map { ClassCount(name: $0, count: $1) }
        let (smallest, largest) = (counts.min() ?? 0, counts.max() ?? 0)
        imbalanceRatio = smallest > 0 ? Double(largest) / Double(smallest) : nil
        isImbalanced = smallest == 0 || (imbalanceRatio ?? 1) >= DataSummary.imbalanceThreshold
    }
}
