@testable import Descent
import Testing

@Suite struct BenchmarkWorkloadTests {
    @Test func mlpRunsOneTinyEpochAndReportsItsRate() throws {
        let workload = try BenchmarkWorkload(name: "mlp")
        // A debug build's 1024³ SGEMM takes a minute: pass the ceiling instead of measuring it.
        let result = try workload.measure(repeats: 1, samples: 64, sgemmRate: 1.5)
        #expect(result.workload == "mlp")
        #expect(result.samplesPerSecond > 0 && result.samplesPerSecond.isFinite)
        #expect(result.epochSeconds > 0)
        #expect(result.gflops > 0 && result.sgemmGflops == 1.5)
        #expect(result.residentGrowthMegabytes == 0, "one timed epoch: last minus first is zero")
        #expect(result.line.hasPrefix("workload=mlp samples_per_s=\(Int(result.samplesPerSecond.rounded())) epoch_s="))
        #expect(result.line.contains(" sgemm_gflops=1.5 peak_rss_mb="))
        #expect(result.line.hasSuffix(" rss_growth_mb=0.00 backend=\"\(Backends.current.name)\""))
    }

    @Test func trainingFLOPsCountForwardAndBothGradientsButTheFirstInputGradient() throws {
        let workload = try BenchmarkWorkload(name: "mlp")
        let model = try workload.makeModel(RandomGenerator(seed: 0))
        // 784→512, 512→256, 256→10: 2·m·n·k per product, ×2 for the first layer, ×3 after.
        let expected = 2.0 * 784 * 512 * 2 + 2.0 * 512 * 256 * 3 + 2.0 * 256 * 10 * 3
        #expect(try BenchmarkWorkload.trainingFLOPs(model, inputShape: workload.inputShape) == expected)
    }

    @Test(arguments: BenchmarkWorkload.allNames)
    func everyWorkloadBuildsAModelForItsInput(_ name: String) throws {
        let workload = try BenchmarkWorkload(name: name)
        let model = try workload.makeModel(RandomGenerator(seed: 0))
        #expect(try model.outputShape(forInput: workload.inputShape) == [10])
        #expect(model.inputShape == workload.inputShape)
    }

    @Test func unknownNamesAndBadSettingsThrowDescentErrors() throws {
        #expect(throws: DescentError.invalidArgument(name: "workload", value: "rnn", expected: "mlp, cnn, mlp-bn-dropout, resnet18, mobilenet-v2, mobilenet-v2-inference")) {
            try BenchmarkWorkload(name: "rnn")
        }
        #expect(throws: DescentError.self) { try BenchmarkWorkload(name: "mlp").measure(repeats: 0, samples: 8) }
        #expect(throws: DescentError.self) { try BenchmarkWorkload(name: "mobilenet-v2-inference").measure(repeats: 1, samples: 8, prefetchDepth: 2, dataParallel: DataParallel(communicator: SingleProcess())) }
    }

    /// The inference workload times the forward pass: forward products only.
    @Test func inferenceRunsTheForwardPassAlone() throws {
        let workload = try BenchmarkWorkload(name: "mobilenet-v2-inference")
        #expect(workload.isInference)
        let model = try workload.makeModel(RandomGenerator(seed: 0))
        let forward = try BenchmarkWorkload.forwardFLOPs(model, inputShape: workload.inputShape).reduce(0, +)
        let training = try BenchmarkWorkload.trainingFLOPs(model, inputShape: workload.inputShape)
        #expect(forward > 0 && forward < training / 2)
        let result = try workload.measure(repeats: 1, samples: 2, sgemmRate: 1)
        #expect(result.samplesPerSecond > 0 && result.gflops > 0)
    }

    @Test func sgemmLinesNameThePathSizeAndRate() {
        let rate = SGEMMBenchmark.Measurement(path: "blas", n: 512, gflops: 12.345, backend: "cpu")
        #expect(rate.line == "workload=sgemm path=blas n=512 gflops=12.3 backend=\"cpu\"")
        #expect(SGEMMBenchmark.gflops(Backends.current, n: 32, repeats: 1) > 0)
    }
}
