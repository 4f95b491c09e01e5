/// A random transformation of the inputs of one training batch ("on the fly" augmentation).
///
/// `Trainer.fit` applies its `augmentation` to every training batch, after shuffling and
/// before the forward pass; validation, `evaluate` and `predict` see the data unchanged. Each
/// epoch therefore sees new variants of every sample, all drawn from the augmentation's own
/// `generator`: the same seed and data give the same variants, batch by batch, and a training
/// checkpoint records the generator's position.
///
/// The draws come from the generator passed in, so that a background thread can prepare the
/// next batches with a copy of the stream (`Trainer.prefetchDepth`) while the trainer keeps
/// `generator` at the position of the batches it has consumed.
///
/// ```swift
/// trainer.augmentation = ImageAugmentation(.init(flipProbability: 0.5, cropPadding: 2), generator: RandomGenerator(seed: 1))
/// ```
public protocol Augmentation: RandomGeneratorOwner {
    /// A randomly transformed copy of `batch` (same shape; axis 0 is the batch), drawing from `generator`.
    func callAsFunction(_ batch: Tensor, using generator: RandomGenerator) -> Tensor
}

extension Augmentation {
    /// A randomly transformed copy of `batch`, drawing from the augmentation's own generator.
    public func callAsFunction(_ batch: Tensor) -> Tensor { self(batch, using: generator) }
}
