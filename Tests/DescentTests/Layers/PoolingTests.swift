import Descent
import Testing

/// Distinct values 0.05 apart in shuffled order, so that no max-pooling window has a near tie
/// that a finite-difference step could flip.
private func distinctParameter(_ shape: [Int], seed: UInt64) -> Parameter {
    let count = shape.reduce(1, *)
    let order = RandomGenerator(seed: seed).permutation(count)
    return Parameter(Tensor(shape: shape, scalars: order.map { Float($0) * 0.05 - Float(count) * 0.025 }))
}

/// One 4×4 channel: 1 … 16 in row-major order.
private let ramp = Tensor(shape: [1, 4, 4, 1], scalars: (1...16).map(Float.init))

@Suite("Pooling")
struct PoolingTests {
    @Test func maxPoolByHand() {
        //  1  2 |  3  4
        //  5  6 |  7  8      → max of each 2×2 block: 6 8 / 14 16
        //  9 10 | 11 12
        // 13 14 | 15 16
        #expect(MaxPool2D(size: 2)(ramp).scalars == [6, 8, 14, 16])
        // 3×3 windows with stride 1: bottom-right corners 11 12 / 15 16
        #expect(MaxPool2D(size: 3, stride: 1)(ramp).scalars == [11, 12, 15, 16])
        // same, stride 2 on 4: no padding needed for 2×2 (total (2−1)·2 + 2 − 4 = 0)
        #expect(MaxPool2D(size: 2, padding: .same)(ramp).scalars == [6, 8, 14, 16])
        // 3×3 stride 2 same: out 2, total pad (2−1)·2 + 3 − 4 = 1 → 0 above/left, 1 below/right;
        // windows rows {0,1,2},{2,3} × columns {0,1,2},{2,3}
        #expect(MaxPool2D(size: 3, stride: 2, padding: .same)(ramp).scalars == [11, 12, 15, 16])
    }

    @Test func maxPoolIgnoresPaddingEvenForNegativeInputs() {
        // −ramp with one pixel of padding and 2×2 windows, stride 2: 3×3 windows over
        // rows {−1,0},{1,2},{3,4}; padding never wins, so the top-left window is −1.
        let y = MaxPool2D(size: 2, stride: 2, padding: .uniform(1))(-ramp)
        #expect(y.shape == [1, 3, 3, 1])
        #expect(y.scalars == [-1, -2, -4, -5, -6, -8, -13, -14, -16])
    }

    @Test func maxPoolMatchesPyTorchsResNetStem() {
        // nn.MaxPool2d(3, stride=2, padding=1): out ⌊(H + 2 − 3)/2⌋ + 1, window rows 2i − 1 … 2i + 1.
        // 4×4 → 2×2, windows {0,1}, {1,2,3}; −ramp's maximum is each window's top-left element
        // −(4h + w + 1): (0,0) −1, (0,1) −2, (1,0) −5, (1,1) −6. The ramp's is its bottom-right.
        let pool = MaxPool2D(size: 3, stride: 2, padding: .uniform(1))
        #expect(pool(-ramp).scalars == [-1, -2, -5, -6])
        #expect(pool(ramp).scalars == [6, 8, 14, 16])
        // 5×5 (x = 5h + w + 1) → 3×3, windows {0,1}, {1,2,3}, {3,4}: top-left rows and columns 0, 1, 3,
        // bottom-right 1, 3, 4
        let odd = Tensor(shape: [1, 5, 5, 1], scalars: (1...25).map(Float.init))
        #expect(pool(-odd).scalars == [-1, -2, -4, -6, -7, -9, -16, -17, -19])
        #expect(pool(odd).scalars == [7, 9, 10, 17, 19, 20, 22, 24, 25])
        #expect(pool(Tensor.zeros([2, 112, 112, 3])).shape == [2, 56, 56, 3])  // ResNet's stem
    }

    @Test func maxPoolKeepsChannelsApart() {
        // Two channels: the ramp and its negative; channel 1's maxima are the block minima negated.
        let pairs = zip(ramp.scalars, ramp.scalars.map { -$0 }).flatMap { [$0, $1] }
        let y = MaxPool2D(size: 2)(Tensor(shape: [1, 4, 4, 2], scalars: pairs))
        #expect(y.scalars == [6, -1, 8, -3, 14, -9, 16, -11])
    }

    @Test func averagePoolByHand() {
        // 2×2 blocks: (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, 11.5, 13.5
        #expect(AvgPool2D(size: 2)(ramp).scalars == [3.5, 5.5, 11.5, 13.5])
        // 3×3 stride 1: centres 6, 7, 10, 11 are the window means
        #expect(AvgPool2D(size: 3, stride: 1)(ramp).scalars == [6, 7, 10, 11])
    }

    @Test func averagePoolPaddingCountsOnlyWhenAsked() {
        // One pixel of padding, 2×2 windows, stride 2 → top-left window holds only x = 1.
        // Counting padding (PyTorch's default): 1/4; not counting (Keras "same"): 1/1.
        let counted = AvgPool2D(size: 2, padding: .uniform(1))(ramp)
        let uncounted = AvgPool2D(size: 2, padding: .uniform(1), countIncludesPadding: false)(ramp)
        #expect(counted.shape == [1, 3, 3, 1])
        // middle window rows {1,2} × columns {1,2}: (6+7+10+11)/4 = 8.5 either way
        #expect(counted.scalars[0] == 0.25 && counted.scalars[4] == 8.5)
        // top-middle window rows {0} × columns {1,2}: (2+3)/4 counted, (2+3)/2 not counted
        #expect(counted.scalars[1] == 1.25 && uncounted.scalars[1] == 2.5)
        #expect(uncounted.scalars[0] == 1 && uncounted.scalars[4] == 8.5)
    }

    @Test func adaptiveAveragePoolByHand() throws {
        // x[h, w] = 4h + w + 1 on 5×4, pooled to 3×3. Rows: ⌊i·5/3⌋ ..< ⌈(i+1)·5/3⌉ = {0,1}, {1,2,3}, {3,4};
        // columns: ⌊j·4/3⌋ ..< ⌈(j+1)·4/3⌉ = {0,1}, {1,2}, {2,3}. x is linear, so a bin's mean is
        // 4·(mean row) + (mean column) + 1, mean rows 0.5, 2, 3.5 and mean columns 0.5, 1.5, 2.5.
        let x = Parameter(Tensor(shape: [1, 5, 4, 1], scalars: (1...20).map(Float.init)))
        let y = AdaptiveAvgPool2D(outputSize: 3)(x.tracked)
        #expect(y.scalars == [3.5, 4.5, 5.5, 9.5, 10.5, 11.5, 15.5, 16.5, 17.5])
        // ∂(Σ y)/∂x[h, w] = Σ over the bins holding (h, w) of 1/|bin| = (Σ_{i ∋ h} 1/|rows(i)|)·(Σ_{j ∋ w} 1/|columns(j)|):
        // row factors 1/2, 1/2 + 1/3, 1/3, 1/3 + 1/2, 1/2; column factors 1/2, 1, 1, 1/2.
        y.backward()
        let rowFactors: [Float] = [1.0 / 2, 5.0 / 6, 1.0 / 3, 5.0 / 6, 1.0 / 2], columnFactors: [Float] = [0.5, 1, 1, 0.5]
        expectClose(x.gradient!.scalars, rowFactors.flatMap { r in columnFactors.map { r * $0 } })
        #expect(try AdaptiveAvgPool2D(outputSize: 3).outputShape(forInput: [5, 4, 2]) == [3, 3, 2])
        #expect(AdaptiveAvgPool2D(outputSize: (7, 5)).summaryName == "AdaptiveAvgPool2D(7×5)")
    }

    @Test func adaptiveAveragePoolRepeatsElementsWhenUpsampling() {
        // 2 → 3: bins {0}, {0, 1}, {1} along both axes (PyTorch's adaptive_avg_pool2d gives the same)
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        #expect(AdaptiveAvgPool2D(outputSize: 3)(x).scalars == [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4])
        // the input's own size is the identity; 1×1 is the global average
        let z = Tensor.randomNormal([2, 5, 3, 19], generator: RandomGenerator(seed: 14))
        #expect(AdaptiveAvgPool2D(outputSize: (5, 3))(z).scalars == z.scalars)
        expectClose(AdaptiveAvgPool2D(outputSize: 1)(z).scalars, GlobalAveragePooling2D()(z).scalars)
    }

    @Test(arguments: [(3, 4), (7, 9), (1, 1), (5, 2)])
    func adaptiveAveragePoolGradients(height: Int, width: Int) {
        // 19 channels: a block of 16 lanes and a tail of 3
        let x = randomParameter([2, 5, 7, 19], seed: 15)
        let layer = AdaptiveAvgPool2D(outputSize: (height, width))
        expectGradientsMatch([("input", x)]) { layer(x.tracked).squared() }
    }

    @Test func globalAveragePoolingAndFlatten() throws {
        let pairs = zip(ramp.scalars, ramp.scalars.map { 2 * $0 }).flatMap { [$0, $1] }
        let x = Tensor(shape: [1, 4, 4, 2], scalars: pairs)
        // mean of 1…16 = 8.5; of 2…32 = 17
        #expect(GlobalAveragePooling2D()(x).scalars == [8.5, 17])
        #expect(try GlobalAveragePooling2D().outputShape(forInput: [4, 4, 2]) == [2])
        #expect(Flatten()(x).shape == [1, 32])
        #expect(try Flatten().outputShape(forInput: [4, 4, 2]) == [32])
    }

    @Test func reshapeInfersOneExtent() throws {
        let x = Tensor.zeros([3, 12])
        #expect(Reshape([2, -1, 3])(x).shape == [3, 2, 2, 3])
        #expect(try Reshape([4, 3]).outputShape(forInput: [12]) == [4, 3])
        #expect(throws: DescentError.shapeMismatch(layer: "Reshape([5, -1])", expected: "5·k elements", actual: [12])) {
            try Reshape([5, -1]).outputShape(forInput: [12])
        }
        #expect(throws: DescentError.self) { try Reshape([5, 2]).outputShape(forInput: [12]) }
    }

    @Test func poolingShapeErrorsNameTheLayer() {
        #expect(throws: DescentError.shapeMismatch(layer: "MaxPool2D(3×3)", expected: "[H, W, C] with room for the window", actual: [2, 2, 1])) {
            try MaxPool2D(size: 3).outputShape(forInput: [2, 2, 1])
        }
        #expect(throws: DescentError.self) { try AvgPool2D(size: 2).outputShape(forInput: [4, 4]) }
        #expect(throws: DescentError.self) { try GlobalAveragePooling2D().outputShape(forInput: [16]) }
        #expect(throws: DescentError.shapeMismatch(layer: "AdaptiveAvgPool2D(7×5)", expected: "[H, W, C]", actual: [4, 4])) {
            try AdaptiveAvgPool2D(outputSize: (7, 5)).outputShape(forInput: [4, 4])
        }
    }

    @Test(arguments: [
        (2, 2, Padding.valid), (3, 1, .valid), (3, 2, .same), (2, 2, .uniform(1)), (3, 2, .explicit(top: 0, bottom: 1, left: 1, right: 0)),
        (3, 2, .uniform(1)),
    ])
    func maxPoolGradients(size: Int, stride: Int, padding: Padding) throws {
        let x = distinctParameter([2, 5, 5, 3], seed: 11)
        let layer = MaxPool2D(size: size, stride: stride, padding: padding)
        let report = gradientCheck([("input", x)], step: 1e-3) { layer(x.tracked) }
        #expect(report.passed, "\(report)")
    }

    @Test(arguments: [
        (2, 2, Padding.valid, true), (3, 1, .valid, true), (3, 2, .same, true), (3, 2, .same, false),
        (2, 1, .uniform(1), false), (2, 2, .uniform(1), true),
    ])
    func averagePoolGradients(size: Int, stride: Int, padding: Padding, countIncludesPadding: Bool) {
        let x = randomParameter([2, 5, 5, 3], seed: 12)
        let layer = AvgPool2D(size: size, stride: stride, padding: padding, countIncludesPadding: countIncludesPadding)
        expectGradientsMatch([("input", x)]) { layer(x.tracked) }
    }

    @Test func shapeLayerGradients() {
        let x = randomParameter([2, 3, 3, 2], seed: 13)
        expectGradientsMatch([("input", x)]) { GlobalAveragePooling2D()(x.tracked) }
        expectGradientsMatch([("input", x)]) { Reshape([9, 2])(Flatten()(x.tracked)) }
    }
}
