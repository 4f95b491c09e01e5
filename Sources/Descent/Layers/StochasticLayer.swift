/// A layer that injects noise while training (dropout and its relatives, Gaussian noise) and
/// is the identity, or a fixed rescaling, in inference.
///
/// The rule: a stochastic layer draws noise when `isTraining || isActiveInInference`.
/// `model.eval()` turns it off; setting `isActiveInInference` keeps it on in evaluation mode
/// without putting the rest of the model (batch norm) in training mode, which is what
/// Monte Carlo dropout needs (`Trainer.predict(_:monteCarloSamples:)` does it for you).
///
/// Its `generator` (from `RandomGeneratorOwner`) is the source of the noise; replace it to
/// reproduce a draw. Training checkpoints save and restore its position, so a resumed run
/// draws the same noise as an uninterrupted one.
public protocol StochasticLayer: Layer, RandomGeneratorOwner {
    /// Draw noise even in evaluation mode.
    var isActiveInInference: Bool { get set }
}

extension StochasticLayer {
    /// True when this call should draw noise.
    var isStochastic: Bool { isTraining || isActiveInInference }
}

extension Layer {
    /// This layer and all layers below it, depth first.
    var layerTree: [any Layer] {
        [self] + sublayers.flatMap { $0.1.layerTree }
    }
}

extension Tensor {
    /// A [shape] tensor of Bernoulli draws: `keptValue` with probability 1 − rate, else 0.
    static func dropoutMask(_ shape: [Int], rate: Float, keptValue: Float, generator: RandomGenerator) -> Tensor {
        makeLanes(shape: shape) { out in
            let count = shape.elementCount
            generator.fillUniform(UnsafeMutableBufferPointer(start: out.base, count: count))
            let kept = Lanes(repeating: keptValue)
            LaneLoop.forEachBlock(count) { i, width in
                out[i, width] = Lanes(repeating: 0).replacing(with: kept, where: out[i, width] .>= rate)
            }
        }
    }
}
