import Foundation

/// Feature scaling fitted on the training split and applied unchanged to every other split and
/// at prediction time, plus the label mapping; `Codable`, so it is saved with the model.
///
/// Every method is an affine map per feature position f (each column of tabular data, each
/// pixel and channel of images), with statistics from the training samples only:
///
///     x′ = (x − a_f) / s_f
///     standardization   a = μ_f,   s = σ_f = √((1/N) Σ (x − μ_f)²)   (z-score; σ, not σ²)
///     minMax            a = min_f, s = max_f − min_f                  (to [0, 1] on the training data)
///     imageScaling      a = 0,     s = the largest possible pixel (255 for 8-bit images)
///     perChannel        a = μ_c,   s = σ_c per channel c (the last axis), over all pixels:
///                       `imageNet` fixes them to 255·(0.485, 0.456, 0.406) and
///                       255·(0.229, 0.224, 0.225), torchvision's normalization after /255
///
/// A constant feature (s = 0) is left unscaled (s = 1), as scikit-learn does. σ is the
/// population standard deviation (NumPy's and scikit-learn's `ddof=0`).
///
/// ```swift
/// let parts = try data.split(train: 0.7, validation: 0.15, seed: 0)
/// let preprocessing = Preprocessing.fit(.standardization, to: parts.train)
/// let train = preprocessing.apply(to: parts.train), test = preprocessing.apply(to: parts.test)
/// ```
public struct Preprocessing: Codable, Equatable, Sendable {
    /// The feature scaling methods.
    public enum Method: String, Codable, Sendable, CaseIterable {
        case none, standardization, minMax, imageScaling, perChannel
    }

    public var method: Method
    /// a_f, one per feature position (a single value applies to all; for `perChannel`, one
    /// per channel).
    public var offset: [Float]
    /// s_f, one per feature position (a single value applies to all).
    public var scale: [Float]
    /// The class names of classification data: prediction k means `classNames[k]`.
    public var classNames: [String]?

    /// The scaling `method` with statistics of `train`'s features; keeps its class names.
    /// `imageMaximum` is the s of `imageScaling`.
    public static func fit(_ method: Method, to train: Dataset, imageMaximum: Float = 255) -> Preprocessing {
        let x = train.features
        let width = x.count / Swift.max(train.count, 1)
        var offset: [Float] = [0], scale: [Float] = [1]
        switch method {
        case .none: break
        case .imageScaling: scale = [imageMaximum]
        case .standardization:
            var mean = [Double](repeating: 0, count: width), squares = [Double](repeating: 0, count: width)
            forEachRow(x, width) { row in for f in 0..<width { mean[f] += Double(row[f]) } }
            let n = Double(Swift.max(train.count, 1))
            for f in 0..<width { mean[f] /= n }
            forEachRow(x, width) { row in for f in 0..<width { squares[f] += (Double(row[f]) - mean[f]) * (Double(row[f]) - mean[f]) } }
            offset = mean.map { Float($0) }
            scale = squares.map { let s = Float(($0 / n).squareRoot()); return s > 0 ? s : 1 }
        case .perChannel:
            let channels = train.sampleShape.last ?? 1
            var sum = [Double](repeating: 0, count: channels), squares = sum
            x.scalars.withUnsafeBufferPointer { all in for i in all.indices { sum[i % channels] += Double(all[i]) } }
            let n = Double(Swift.max(x.count / channels, 1))
            let mean = sum.map { $0 / n }
            x.scalars.withUnsafeBufferPointer { all in for i in all.indices { let d = Double(all[i]) - mean[i % channels]; squares[i % channels] += d * d } }
            offset = mean.map { Float($0) }
            scale = squares.map { let s = Float(($0 / n).squareRoot()); return s > 0 ? s : 1 }
        case .minMax:
            var low = [Float](repeating: .infinity, count: width), high = [Float](repeating: -.infinity, count: width)
            forEachRow(x, width) { row in for f in 0..<width { low[f] = Swift.min(low[f], row[f]); high[f] = Swift.max(high[f], row[f]) } }
            offset = low
            scale = zip(low, high).map { $1 - $0 > 0 ? $1 - $0 : 1 }
        }
        return Preprocessing(method: method, offset: offset, scale: scale, classNames: train.classNames)
    }

    /// torchvision's ImageNet input normalization of 8-bit RGB images, (x/255 − mean_c)/std_c.
    public static let imageNet = Preprocessing(method: .perChannel, offset: [0.485, 0.456, 0.406].map { $0 * 255 },
                                               scale: [0.229, 0.224, 0.225].map { $0 * 255 }, classNames: nil)

    /// (x − a)/s per feature position of a batch [N, …] whose samples match the fitted ones.
    public func transform(_ features: Tensor) -> Tensor {
        let width = features.shape.dropFirst().reduce(1, *)
        let period = method == .perChannel ? offset.count : width
        precondition(offset.count == 1 || offset.count == width || (method == .perChannel && features.shape.last == offset.count),
                     "Preprocessing.transform: fitted on samples of \(offset.count) values, got shape \(features.shape)")
        return features.scalars.withUnsafeBufferPointer { x in
            Tensor.make(shape: features.shape) { out in
                for i in 0..<x.count {
                    let f = offset.count == 1 ? 0 : i % period
                    out[i] = (x[i] - offset[f]) / scale[f]
                }
            }
        }
    }

    /// The dataset with transformed features (targets and names unchanged).
    public func apply(to data: Dataset) -> Dataset {
        var result = data
        result.features = transform(data.features)
        return result
    }

    /// The class name of each row's largest output, for a batch of logits or probabilities [N, K].
    public func predictedClassNames(_ outputs: Tensor) -> [String] {
        let indices = outputs.argmax(alongAxis: -1).scalars.map { Int($0) }
        guard let classNames else { return indices.map(String.init) }
        return indices.map { $0 < classNames.count ? classNames[$0] : String($0) }
    }

    private static func forEachRow(_ x: Tensor, _ width: Int, _ body: (UnsafeBufferPointer<Float>) -> Void) {
        x.scalars.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: Swift.max(width, 1)) {
                body(UnsafeBufferPointer(rebasing: all[start..<(start + width)]))
            }
        }
    }
}
