import Descent
import Testing

/// Expects `gradientCheck` to pass for `function` with respect to `parameters`, reporting the
/// worst coordinate at the caller's location when it does not.
func expectGradientsMatch(
    _ parameters: [(String, Parameter)],
    tolerance: Double = 1e-2,
    step: Float = 1e-2,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ function: () -> Tensor
) {
    let report = gradientCheck(parameters, step: step, tolerance: tolerance, function)
    #expect(report.worst != nil, "nothing was checked", sourceLocation: sourceLocation)
    #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
}

/// A parameter holding normal samples, for checking ops with respect to their inputs.
func randomParameter(_ shape: [Int], seed: UInt64, scale: Float = 1, offset: Float = 0) -> Parameter {
    Parameter(Tensor.randomNormal(shape, mean: offset, standardDeviation: scale, generator: RandomGenerator(seed: seed)))
}

/// Elementwise closeness with a relative and an absolute tolerance.
func expectClose(
    _ actual: [Float], _ expected: [Float], relative: Float = 1e-5, absolute: Float = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "counts differ: \(actual.count) vs \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let ok = abs(a - e) <= absolute + relative * max(abs(a), abs(e))
        #expect(ok, "element \(i): \(a) vs expected \(e)", sourceLocation: sourceLocation)
        if !ok { return }
    }
}
