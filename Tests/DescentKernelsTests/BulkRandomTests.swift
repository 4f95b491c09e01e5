import DescentKernels
import Testing

@Suite struct BulkRandomTests {
    /// `fillUniform` must be `count` calls of `nextUniform()`: same values, same stream position,
    /// from any position inside a Philox block and for lengths that end inside one, and for
    /// lengths long enough to be split over the thread pool (≥ 2 × 4,096 blocks).
    @Test(arguments: [0, 1, 2, 3, 5], [0, 1, 3, 4, 5, 17, 100, 32_771, 50_002])
    func fillUniformIsThatManyCallsOfNextUniform(consumed: Int, count: Int) {
        let bulk = RandomGenerator(seed: 77), single = RandomGenerator(seed: 77)
        for _ in 0..<consumed { _ = bulk.next(); _ = single.next() }
        var values = [Float](repeating: -1, count: count)
        values.withUnsafeMutableBufferPointer { bulk.fillUniform($0) }
        #expect(values == (0..<count).map { _ in single.nextUniform() })
        #expect(bulk.state == single.state)
        #expect(bulk.next() == single.next())
    }
}
