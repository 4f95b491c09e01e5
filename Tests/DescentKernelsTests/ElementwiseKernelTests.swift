import DescentKernels
import Testing

@Suite struct ElementwiseKernelTests {
    /// Random θ, m, v ≥ 0 and g of `count` elements, from one seed.
    static func adamProblem(count: Int) -> (θ: [Float], m: [Float], v: [Float], g: [Float]) {
        let generator = RandomGenerator(seed: 9)
        let draw = { (low: Float, high: Float) in (0..<count).map { _ in generator.nextUniform(low, high) } }
        return (draw(-1, 1), draw(-0.1, 0.1), draw(0, 0.01), draw(-1, 1))
    }

    static let coefficients = AdamCoefficients(beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
                                               stepSize: 1e-3 / (1 - 0.9 * 0.9), correction2Root: (1 - 0.999 * 0.999).squareRoot())

    /// Runs the Adam kernel of `instructionSet` on `problem` over `range` and returns θ, m, v.
    static func adam(_ problem: (θ: [Float], m: [Float], v: [Float], g: [Float]), range: Range<Int>,
                     _ instructionSet: InstructionSet) -> [[Float]] {
        var (θ, m, v) = (problem.θ, problem.m, problem.v)
        θ.withUnsafeMutableBufferPointer { θ in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    problem.g.withUnsafeBufferPointer { g in
                        ElementwiseKernels.adam(θ.baseAddress!, m.baseAddress!, v.baseAddress!, g.baseAddress!, range,
                                                coefficients, instructionSet: instructionSet)
                    }
                }
            }
        }
        return [θ, m, v]
    }

    /// The scalar formula of `adamBody`, written out: the reference for every instruction set.
    @Test func adamKernelIsTheFormula() {
        let problem = Self.adamProblem(count: 37)
        let k = Self.coefficients
        var expected = [problem.θ, problem.m, problem.v]
        for i in 0..<37 {
            let first = k.beta1 * problem.m[i] + (1 - k.beta1) * problem.g[i]
            let second = k.beta2 * problem.v[i] + (1 - k.beta2) * problem.g[i] * problem.g[i]
            expected[0][i] -= k.stepSize * first / (second.squareRoot() / k.correction2Root + k.epsilon)
            expected[1][i] = first
            expected[2][i] = second
        }
        for instructionSet in InstructionSet.allCases where instructionSet.isSupported {
            #expect(Self.adam(problem, range: 0..<37, instructionSet) == expected, "\(instructionSet)")
        }
    }

    /// Every supported instruction set gives the baseline's bits, for ranges that start and end
    /// inside a block of 16 lanes; elements outside the range are untouched.
    @Test(arguments: [0..<1000, 3..<997, 16..<32, 5..<9])
    func adamKernelsAgreeBitForBit(range: Range<Int>) {
        let problem = Self.adamProblem(count: 1000)
        let baseline = Self.adam(problem, range: range, .sse)
        for i in 0..<1000 where !range.contains(i) {
            #expect(baseline[0][i] == problem.θ[i] && baseline[1][i] == problem.m[i] && baseline[2][i] == problem.v[i])
        }
        for instructionSet in InstructionSet.allCases where instructionSet.isSupported && instructionSet != .sse {
            let result = Self.adam(problem, range: range, instructionSet)
            #expect(result.map { $0.map(\.bitPattern) } == baseline.map { $0.map(\.bitPattern) }, "\(instructionSet)")
        }
    }
}
