import Descent
import Testing

@Suite("Activations")
struct ActivationTests {
    /// Normal samples pushed at least 0.25 away from 0, ±3 and 6 (the kinks of ReLU-like
    /// functions, of the hard sigmoid and of ReLU6), where finite differences are defined.
    static func awayFromKinks(_ shape: [Int], seed: UInt64) -> Parameter {
        let x = Tensor.randomNormal(shape, standardDeviation: 2, generator: RandomGenerator(seed: seed))
        return Parameter(x.mapScalars { v in
            var y = v >= 0 ? v + 0.25 : v - 0.25
            if Swift.abs(Swift.abs(y) - 3) < 0.25 { y += y > 0 ? 0.5 : -0.5 }
            if Swift.abs(y - 6) < 0.25 { y += 0.5 }
            return y
        })
    }

    @Test("every activation passes the gradient check", arguments: Activation.allCases + [.leakyReLU(alpha: 0.2), .elu(alpha: 0.5)])
    func gradients(activation: Activation) {
        let x = Self.awayFromKinks([4, 6], seed: 3)
        expectGradientsMatch([("x", x)], step: 1e-3) { activation(x.tracked) }
    }

    @Test("golden values at x = 1 and x = −1")
    func goldenValues() {
        let x = Tensor([1, -1])
        // leaky: −1·0.01; elu: e⁻¹ − 1 = −0.6321206; selu(1) = λ, selu(−1) = λα(e⁻¹ − 1)
        expectClose(Activation.leakyReLU()(x).scalars, [1, -0.01])
        expectClose(Activation.elu()(x).scalars, [1, -0.6321206])
        expectClose(Activation.selu(x).scalars, [1.0507010, -1.1113307])
        // gelu(1) = Φ(1) = 0.8413447; gelu(−1) = −Φ(−1) = −0.1586553
        expectClose(Activation.gelu(x).scalars, [0.8413447, -0.1586553])
        // ½(1 + tanh(√(2/π)·1.044715)) = 0.8411920
        expectClose(Activation.geluTanh(x).scalars, [0.8411920, -0.1588080])
        // softplus(1) = ln(1 + e) = 1.3132617; softplus(−1) = ln(1 + e⁻¹) = 0.3132617
        expectClose(Activation.softplus(x).scalars, [1.3132617, 0.3132617])
        // swish(1) = σ(1) = 0.7310586; swish(−1) = −σ(−1) = −0.2689414
        expectClose(Activation.swish(x).scalars, [0.7310586, -0.2689414])
        // hard sigmoid: 1/6 + ½ and −1/6 + ½
        expectClose(Activation.hardSigmoid(x).scalars, [0.6666667, 0.3333333])
        expectClose(Activation.hardSigmoid(Tensor([-4, 4])).scalars, [0, 1])
    }

    @Test("relu6 clamps to [0, 6]; its gradient is 0 at both kinks, as PyTorch's hardtanh")
    func relu6() {
        let x = Parameter(Tensor([-1, 0, 0.5, 3, 6, 7.5]))
        let y = Activation.relu6(x.tracked)
        #expect(y.scalars == [0, 0, 0.5, 3, 6, 6])
        y.backward()
        #expect(x.gradient!.scalars == [0, 0, 1, 1, 0, 0])
        // 40 values: two blocks of 16 lanes and a tail of 8, each kink in a different block
        let ramp = Parameter(Tensor((0..<40).map { Float($0) * 0.25 - 2 }))
        let z = ramp.tracked.relu6()
        #expect(z.scalars == ramp.value.scalars.map { Swift.min(Swift.max($0, 0), 6) })
        z.backward(seed: Tensor((0..<40).map { Float($0) + 1 }))
        #expect(ramp.gradient!.scalars == (0..<40).map { ramp.value.scalars[$0] > 0 && ramp.value.scalars[$0] < 6 ? Float($0) + 1 : 0 })
    }

    @Test("softmax rows sum to one; log-softmax is its log")
    func softmaxFamily() {
        let x = Tensor.randomNormal([5, 7], generator: RandomGenerator(seed: 1))
        let p = Activation.softmax(x)
        for row in p.rows { #expect(abs(row.reduce(0, +) - 1) < 1e-5) }
        expectClose(Activation.logSoftmax(x).scalars, p.log().scalars, relative: 1e-4, absolute: 1e-5)
    }

    @Test("softplus does not overflow")
    func softplusIsStable() {
        expectClose(Activation.softplus(Tensor([100, -100])).scalars, [100, 3.7200760e-44], absolute: 1e-30)
    }

    @Test("names round-trip, with parameters and aliases")
    func names() {
        for activation in Activation.allCases + [.leakyReLU(alpha: 0.2), .elu(alpha: 0.5)] {
            #expect(Activation(name: activation.name) == activation)
        }
        #expect(Activation(name: "leaky_relu(0.3)") == .leakyReLU(alpha: 0.3))
        #expect(Activation(name: "SiLU") == .swish)
        #expect(Activation(name: "gelu-tanh") == .geluTanh)
        #expect(Activation(name: "ReLU6") == .relu6)
        #expect(Activation(name: "relu(2)") == nil)
        #expect(Activation(name: "leaky_relu(x)") == nil)
        #expect(Activation(name: "mish") == nil)
    }
}

@Suite("PReLU and RReLU")
struct ParametricActivationTests {
    @Test("PReLU: golden values and gradients for x and α")
    func prelu() {
        let layer = PReLU()
        // α = 0.25: [2, −2] → [2, −0.5]
        expectClose(layer(Tensor([[2, -2]])).scalars, [2, -0.5])
        let perChannel = PReLU(channelCount: 3, initialValue: 0.1)
        perChannel.alpha.value = Tensor([0.1, 0.2, 0.3])
        let x = ActivationTests.awayFromKinks([4, 3], seed: 5)
        expectGradientsMatch([("x", x), ("alpha", perChannel.alpha)]) { perChannel(x.tracked) }
        expectGradientsMatch([("x", x), ("alpha", layer.alpha)]) { layer(x.tracked) }
    }

    @Test("RReLU: slopes in [lower, upper] while training, their mean in inference")
    func rrelu() {
        let layer = RReLU(generator: RandomGenerator(seed: 2))
        let x = Tensor.full([1000], -1)
        let slopes = layer(x).scalars.map { -$0 }
        #expect(slopes.allSatisfy { $0 >= 1.0 / 8 && $0 < 1.0 / 3 })
        #expect(Set(slopes).count > 900)
        layer.eval()
        // (1/8 + 1/3)/2 = 11/48
        expectClose(layer(Tensor([-1, 2])).scalars, [-11.0 / 48, 2])
    }

    @Test("RReLU: gradient check with a fixed draw")
    func rreluGradient() {
        let layer = RReLU()
        let x = ActivationTests.awayFromKinks([3, 5], seed: 9)
        expectGradientsMatch([("x", x)]) {
            layer.generator = RandomGenerator(seed: 4)
            return layer(x.tracked)
        }
    }
}
