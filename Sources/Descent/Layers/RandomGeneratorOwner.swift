/// Anything that draws from its own `RandomGenerator` while training: dropout-like layers
/// (every `StochasticLayer`), RReLU, augmentations.
///
/// A training checkpoint finds every owner in the model tree and the trainer's augmentation,
/// records each generator's position once (layers often share one), and a resumed run
/// continues every stream where it stopped. A layer of your own that draws random numbers
/// resumes exactly when it adopts this protocol, directly or through `StochasticLayer`:
///
/// ```swift
/// final class Jitter: StochasticLayer {
///     var isTraining = true
///     var isActiveInInference = false
///     var generator = RandomGenerator(seed: 1)
///     func callAsFunction(_ x: Tensor) -> Tensor {
///         isTraining ? x + Tensor.randomNormal(x.shape, standardDeviation: 0.1, generator: generator) : x
///     }
///     func outputShape(forInput shape: [Int]) throws -> [Int] { shape }
/// }
/// ```
public protocol RandomGeneratorOwner: AnyObject {
    /// The source of the random draws; a restored checkpoint replaces it with one at the saved
    /// position.
    var generator: RandomGenerator { get set }
}
