/// A random transformation of the inputs of one training batch ("on the fly" augmentation).
///
/// `Trainer.fit` applies its `augmentation` to every training batch, after shuffling and
/// before the forward pass; validation, `evaluate` and `predict` see the data unchanged. Each
/// epoch therefore sees new variants of every sample, all drawn from the augmentation's own
/// `RandomGenerator`: the same seed and data give the same variants, batch by batch.
///
/// ```swift
/// trainer.augmentation = ImageAugmentation(horizontalFlip: true, maxShift: 2, generator: RandomGenerator(seed: 1))
/// ```
public protocol Augmentation: AnyObject {
    /// A randomly transformed copy of `batch` (same shape; axis 0 is the batch).
    func callAsFunction(_ batch: Tensor) -> Tensor
}
