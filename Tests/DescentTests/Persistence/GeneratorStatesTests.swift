@testable import Descent
import Foundation
import Testing

/// A stochastic layer the library does not know: checkpoints must find its generator through
/// `StochasticLayer` (a `RandomGeneratorOwner`), not through a list of built-in types.
private final class Jitter: StochasticLayer {
    var isTraining = true
    var isActiveInInference = false
    var generator: RandomGenerator

    init(generator: RandomGenerator) { self.generator = generator }

    func callAsFunction(_ input: Tensor) -> Tensor {
        isStochastic ? input + Tensor.randomNormal(input.shape, standardDeviation: 0.1, generator: generator) : input
    }

    func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
}

/// A user-defined stochastic layer resumes its random stream exactly, like the built-in ones.
@Suite struct GeneratorStatesTests {
    struct Run {
        let model: Sequential
        let optimizer: Optimizer<SGD>
        let input = Tensor.randomNormal([4, 3], generator: RandomGenerator(seed: 2))

        init() {
            model = Sequential {
                Dense(inputSize: 3, outputSize: 3, generator: RandomGenerator(seed: 1))
                Jitter(generator: RandomGenerator(seed: 9))
            }
            optimizer = Optimizer(SGD(), parameters: model.parameters, learningRate: 0.1)
        }

        /// One training-mode forward pass: draws from the jitter's stream.
        func draw() -> [UInt32] { model(input).scalars.map(\.bitPattern) }

        func checkpoint() -> TrainingCheckpoint {
            TrainingCheckpoint(phase: 0, history: History(), model: model, optimizer: optimizer, shuffler: RandomGenerator(seed: 3),
                               augmentation: nil, callbacks: [], architecture: nil)
        }
    }

    @Test func aUserDefinedStochasticLayerIsCheckpointed() {
        let run = Run()
        _ = run.draw()
        let states = run.checkpoint().generators
        #expect(states.groups.map(\.owners) == [["1"]])
        #expect(states.groups.first?.state == (run.model.layers[1] as? Jitter)?.generator.state)
    }

    @Test func aUserDefinedStochasticLayerContinuesItsStreamBitForBitAfterRestore() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-generators-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let straight = Run()
        _ = straight.draw()
        _ = straight.draw()
        try straight.checkpoint().write(to: url)
        let expected = [straight.draw(), straight.draw()]

        let resumed = Run()  // a fresh process: new objects from the same seeds, stream at its start
        try TrainingCheckpoint(contentsOf: url).restore(model: resumed.model, optimizer: resumed.optimizer, augmentation: nil, source: url.path)
        #expect([resumed.draw(), resumed.draw()] == expected)

        // The control: without the restore the fresh stream repeats the first draws instead.
        let fresh = Run()
        #expect([fresh.draw(), fresh.draw()] != expected)
    }
}
