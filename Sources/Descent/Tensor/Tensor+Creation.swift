import DescentKernels

extension Tensor {
    /// All zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }
    /// All ones.
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }
    /// Every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape, scalars: [Float](repeating: value, count: shape.elementCount))
    }
    /// Zeros shaped like `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape) }

    /// `start, start + step, …` up to but excluding `end` (NumPy's `arange`).
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) -> Tensor {
        precondition(step != 0, "arange: step must not be zero")
        let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<count).map { start + Float($0) * step })
    }

    /// The n×n identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        var t = zeros([n, n])
        for i in 0..<n { t.scalars[i * n + i] = 1 }
        return t
    }

    /// Samples of 𝒩(mean, standard deviation²).
    public static func randomNormal(
        _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
        generator: RandomGenerator = .default
    ) -> Tensor {
        make(shape: shape) { out in
            for i in out.indices { out[i] = mean + standardDeviation * generator.nextNormal() }
        }
    }

    /// Samples of U[low, high).
    public static func randomUniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, generator: RandomGenerator = .default
    ) -> Tensor {
        make(shape: shape) { out in
            for i in out.indices { out[i] = generator.nextUniform(low, high) }
        }
    }
}
