/// Freezing for transfer learning: a frozen layer gets no gradient, no update and no weight
/// decay (its parameters read as constants, and optimizers skip them), and a frozen
/// `BatchNorm` normalizes with its running statistics even in training mode (Keras'
/// `trainable = False`; PyTorch needs `requires_grad_(False)` plus `eval()` for the same).
///
/// ```swift
/// let saved = try SavedModel.load(from: URL(fileURLWithPath: "runs/a/model"))
/// let model = saved.model
/// model.removeLast(1)                                  // drop the head
/// model.append(Dense(inputSize: 64, outputSize: 5))    // a new head
/// model.freeze(through: model.layers.count - 2)        // train the head only
/// ```
extension Layer {
    /// The parameters that training may change: all of them except buffers (running statistics).
    var learnableParameters: [Parameter] {
        layerTree.flatMap { layer -> [Parameter] in
            let buffers = Set(layer.namedBuffers.map { ObjectIdentifier($0.1) })
            return layer.namedParameters.map(\.1).filter { !buffers.contains(ObjectIdentifier($0)) }
        }
    }

    /// True when the layer has learnable parameters and all of them are frozen.
    public var isFrozen: Bool {
        let learnable = learnableParameters
        return !learnable.isEmpty && learnable.allSatisfy { !$0.isTrainable }
    }

    /// Freezes this layer and every layer below it.
    public func freeze() { for parameter in learnableParameters { parameter.isTrainable = false } }

    /// Makes this layer and every layer below it trainable again (running statistics stay
    /// non-trainable).
    public func unfreeze() { for parameter in learnableParameters { parameter.isTrainable = true } }

    /// The number of scalars training may change.
    public var trainableParameterCount: Int {
        learnableParameters.filter(\.isTrainable).reduce(0) { $0 + $1.value.count }
    }
}

extension Sequential {
    /// Freezes layers 0 through `index` (the body) and leaves the rest as they are.
    public func freeze(through index: Int) {
        precondition(index < layers.count, "Sequential.freeze(through:): index \(index) is out of range for \(layers.count) layers")
        for layer in layers.prefix(index + 1) { layer.freeze() }
    }

    /// Unfreezes layers `index` to the end (the top), e.g. to fine-tune after training a head.
    public func unfreeze(from index: Int) {
        precondition(index >= 0, "Sequential.unfreeze(from:): index \(index) must be ≥ 0")
        for layer in layers.dropFirst(index) { layer.unfreeze() }
    }
}
