import Descent
import Foundation
import Testing

/// Label smoothing and class weights of SoftmaxCrossEntropy: by hand, against PyTorch
/// (Fixtures/make_loss_fixtures.py), and by finite differences.
@Suite struct SoftmaxCrossEntropyOptionsTests {
    @Test func labelSmoothingByHand() {
        // K = 2, ε = 0.2, label 1: q = (1 − 0.2)·[0, 1] + 0.2/2 = [0.1, 0.9]
        // logits [0, ln 3]: log p = [ln ¼, ln ¾] = [−1.3862944, −0.2876821]
        // ℓ = 0.1·1.3862944 + 0.9·0.2876821 = 0.1386294 + 0.2589139 = 0.3975433
        let value = SoftmaxCrossEntropy(labelSmoothing: 0.2)(Tensor([[0, log(3)]]), Tensor([1])).scalar
        #expect(abs(value - 0.3975433) < 1e-6)
    }

    @Test func classWeightsByHand() {
        // w = [1, 3]; row 0 label 1: 3·(−ln ¾) = 0.8630463; row 1 label 0: 1·ln 2 = 0.6931472
        // weighted mean (PyTorch): (0.8630463 + 0.6931472) / (3 + 1) = 0.3890484   (not / 2)
        let logits = Tensor([[0, log(3)], [0, 0]])
        let weighted = SoftmaxCrossEntropy(classWeights: [1, 3])(logits, Tensor([1, 0])).scalar
        #expect(abs(weighted - 0.3890484) < 1e-6)
        // Weights all 1 and ε = 0 through the option path give the plain loss.
        let plain = SoftmaxCrossEntropy()(logits, Tensor([1, 0])).scalar
        #expect(abs(SoftmaxCrossEntropy(classWeights: [1, 1])(logits, Tensor([1, 0])).scalar - plain) < 1e-7)
    }

    @Test func defaultsAreUnchanged() {
        let loss = SoftmaxCrossEntropy()
        #expect(loss.labelSmoothing == 0 && loss.classWeights == nil)
        #expect(loss.name == "softmax_cross_entropy" && loss.targetKind == .classIndices)
    }

    @Test func optionsGradient() {
        let z = randomParameter([5, 4], seed: 21, scale: 2)
        let labels = Tensor([0, 3, 1, 1, 2])
        let loss = SoftmaxCrossEntropy(labelSmoothing: 0.15, classWeights: [1, 2, 0.5, 3])
        expectGradientsMatch([("z", z)]) { loss(z.tracked, labels) }
        let soft = Tensor.randomNormal([5, 4], generator: RandomGenerator(seed: 22)).softmax()
        expectGradientsMatch([("z", z)]) { loss(z.tracked, soft) }
    }

    @Test(arguments: SoftmaxCrossEntropyFixture.all)
    func matchesPyTorch(_ fixture: SoftmaxCrossEntropyFixture) {
        let loss = SoftmaxCrossEntropy(labelSmoothing: fixture.labelSmoothing, classWeights: fixture.classWeights)
        let z = Parameter(fixture.logits)
        let value = loss(z.tracked, fixture.targets)
        let relative = abs(Double(value.scalar) - fixture.loss) / abs(fixture.loss)
        #expect(relative <= 1e-6, "\(fixture.name): \(value.scalar) vs PyTorch \(fixture.loss)")
        value.backward()
        expectClose(z.gradient!.scalars, fixture.gradient.map { Float($0) }, relative: 1e-5, absolute: 1e-7)
    }
}

/// One case of Fixtures/softmax_cross_entropy_options.json (plain arrays, so it is Sendable).
struct SoftmaxCrossEntropyFixture: CustomTestStringConvertible, Sendable {
    var name: String
    var logitRows: [[Float]]
    /// Class indices, or nil when the targets are probability rows.
    var labels: [Float]?
    var probabilityRows: [[Float]]?
    var labelSmoothing: Float
    var classWeights: [Float]?
    var loss: Double
    var gradient: [Double]

    var testDescription: String { name }
    var logits: Tensor { Tensor(logitRows) }
    var targets: Tensor { labels.map { Tensor($0) } ?? Tensor(probabilityRows!) }

    static let all: [SoftmaxCrossEntropyFixture] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/softmax_cross_entropy_options.json")
        guard let data = try? Data(contentsOf: url),
              let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = document["cases"] as? [[String: Any]] else {
            fatalError("cannot read \(url.path); run make_loss_fixtures.py")
        }
        func rows(_ value: Any?) -> [[Float]]? { (value as? [[Double]])?.map { $0.map(Float.init) } }
        return cases.map { entry in
            SoftmaxCrossEntropyFixture(
                name: entry["name"] as! String, logitRows: rows(entry["logits"])!,
                labels: (entry["targets"] as? [Int])?.map(Float.init), probabilityRows: rows(entry["targets"]),
                labelSmoothing: Float(entry["label_smoothing"] as! Double),
                classWeights: (entry["class_weights"] as? [Double])?.map(Float.init),
                loss: entry["loss"] as! Double, gradient: (entry["gradient"] as! [[Double]]).flatMap { $0 })
        }
    }()
}
