import DescentKernels
import Testing

@Suite struct RandomTests {
    /// Known-answer vectors of Random123 (kat_vectors, philox4x32 with 10 rounds).
    @Test func philoxMatchesRandom123KnownAnswers() {
        let zero = philox4x32(counter: (0, 0, 0, 0), key: (0, 0))
        #expect([zero.0, zero.1, zero.2, zero.3] == [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
        let ones = philox4x32(counter: (.max, .max, .max, .max), key: (.max, .max))
        #expect([ones.0, ones.1, ones.2, ones.3] == [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd])
        let pi = philox4x32(counter: (0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), key: (0xa409_3822, 0x299f_31d0))
        #expect([pi.0, pi.1, pi.2, pi.3] == [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1])
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        let a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let first = (0..<10).map { _ in a.next() }
        #expect(first == (0..<10).map { _ in b.next() })
        #expect(first != (0..<10).map { _ in c.next() })
    }

    @Test func restoringStateContinuesTheStreamExactly() {
        let generator = RandomGenerator(seed: 9)
        for _ in 0..<7 { _ = generator.next() }  // stop in the middle of a block
        let saved = generator.state
        let expected = (0..<9).map { _ in generator.next() }
        let restored = RandomGenerator(state: saved)
        #expect((0..<9).map { _ in restored.next() } == expected)
    }

    @Test func uniformAndNormalHaveTheRightMoments() {
        let generator = RandomGenerator(seed: 1)
        let n = 200_000
        let uniforms = (0..<n).map { _ in Double(generator.nextUniform()) }
        let normals = (0..<n).map { _ in Double(generator.nextNormal()) }
        func moments(_ xs: [Double]) -> (Double, Double) {
            let mean = xs.reduce(0, +) / Double(xs.count)
            return (mean, xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1))
        }
        let (um, uv) = moments(uniforms), (nm, nv) = moments(normals)
        // Standard errors at n = 2·10⁵: uniform mean 6.5e-4, normal mean 2.2e-3, normal variance 3.2e-3.
        #expect(abs(um - 0.5) < 4e-3 && abs(uv - 1.0 / 12) < 2e-3)
        #expect(abs(nm) < 1.2e-2 && abs(nv - 1) < 1.6e-2)
        #expect(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func permutationIsAPermutationAndIntegersAreInRange() {
        let generator = RandomGenerator(seed: 3)
        #expect(generator.permutation(1000).sorted() == Array(0..<1000))
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(generator.nextInt(below: 7)) })
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<30_000 { counts[generator.nextInt(below: 3)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })  // ±4.9 standard deviations
    }
}
