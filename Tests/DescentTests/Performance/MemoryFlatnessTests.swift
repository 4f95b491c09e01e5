import Foundation
@testable import Descent
import Testing

/// Training must not grow memory from epoch to epoch: the tape is released after each step,
/// optimizer state is allocated once, freed tensors are reused. Measured as the resident set
/// after each epoch (Linux: /proc/self/statm); nothing here depends on timing.
@Suite struct MemoryFlatnessTests {
    @Test func residentMemoryStaysFlatOverTwentyEpochs() throws {
        #if os(Linux)
        let generator = RandomGenerator(seed: 1)
        let model = Sequential {
            Dense(inputSize: 32, outputSize: 128, activation: .relu, generator: generator)
            BatchNorm(featureCount: 128)
            Dropout(rate: 0.5, generator: generator.split())
            Dense(inputSize: 128, outputSize: 10, generator: generator)
        }
        let x = Tensor.randomNormal([1024, 32], generator: generator)
        let y = Tensor((0..<1024).map { Float($0 % 10) })
        let trainer = Trainer(model: model, loss: SoftmaxCrossEntropy(),
                              optimizer: Optimizer(Adam(), parameters: model.parameters), metrics: [.accuracy])
        var resident: [Int] = []
        let probe = LambdaCallback(epochDidEnd: { _, _ in resident.append(Self.residentBytes()) })
        _ = try trainer.fit(x, y, epochs: 20, batchSize: 64, verbosity: .silent, callbacks: [probe])
        #expect(resident.count == 20)
        // Epochs 1–4 may still reach the high-water mark; from then on one 64-sample step would
        // leak ~100 KB (a kept tape) and sixteen steps per epoch ~1.6 MB per epoch.
        let growth = resident[19] - resident[4]
        #expect(growth <= 512 * 1024, "resident memory grew by \(growth) bytes from epoch 5 to epoch 20: \(resident)")
        #endif
    }

    /// The resident set size of this process, in bytes.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
