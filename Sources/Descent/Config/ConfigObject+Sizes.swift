extension ConfigObject {
    /// The most scalars one weight tensor built from a config may hold: 2²⁸ (1 GiB of Float32),
    /// far above the course's networks and far below what makes the allocation fail.
    public static let maximumTensorScalars = 1 << 28

    /// Throws, naming `key`, unless the product of `factors` (the shape of a weight tensor that
    /// `key` sizes) fits in `maximumTensorScalars`.
    public func checkTensorSize(_ factors: [Int], _ key: String, _ what: String) throws {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            guard !overflow, next <= Self.maximumTensorScalars else {
                throw error(key, "\(what) of shape \(factors) would hold more than \(Self.maximumTensorScalars) scalars (1 GiB), the limit per tensor; use fewer")
            }
            product = next
        }
    }
}
