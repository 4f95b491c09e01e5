/// A layer whose weights (and optionally biases) can carry a `Regularizer`.
///
/// The trainer adds `model.regularizationLoss()`, the sum over every penalized layer of the
/// tree, to each batch's loss and logs it as `penalty`, apart from `loss`:
///
///     objective = loss(model(x), y) + Σ_layers [R_w(W) + R_b(b)]
///
/// ```swift
/// let hidden = Dense(inputSize: 2, outputSize: 256, activation: .relu)
/// hidden.weightRegularizer = .l2(1e-4)
/// ```
public protocol PenalizedLayer: Layer {
    /// The penalty on the weight (kernel); nil for none.
    var weightRegularizer: Regularizer? { get set }
    /// The penalty on the bias; nil for none (Keras' default; PyTorch's `weight_decay` includes biases).
    var biasRegularizer: Regularizer? { get set }
    /// The parameters the two regularizers apply to.
    var penalizedParameters: (weight: Parameter, bias: Parameter?) { get }
}

extension PenalizedLayer {
    /// This layer's own penalty, nil when it has none.
    public var penalty: Tensor? {
        let (weight, bias) = penalizedParameters
        var terms: [Tensor] = []
        if let weightRegularizer, !weightRegularizer.isZero { terms.append(weightRegularizer.penalty(weight.tracked)) }
        if let biasRegularizer, !biasRegularizer.isZero, let bias { terms.append(biasRegularizer.penalty(bias.tracked)) }
        return terms.isEmpty ? nil : terms.dropFirst().reduce(terms[0], +)
    }
}

extension Layer {
    /// The sum of the penalties of this layer and all its sublayers; nil when none is penalized.
    public func regularizationLoss() -> Tensor? {
        var terms: [Tensor] = []
        if let own = (self as? any PenalizedLayer)?.penalty { terms.append(own) }
        for (_, layer) in sublayers {
            if let nested = layer.regularizationLoss() { terms.append(nested) }
        }
        return terms.isEmpty ? nil : terms.dropFirst().reduce(terms[0], +)
    }

    /// Sets the weight (and optionally bias) regularizer of every penalized layer in the tree.
    public func setRegularizer(_ regularizer: Regularizer?, includingBiases: Bool = false) {
        if let layer = self as? any PenalizedLayer {
            layer.weightRegularizer = regularizer
            if includingBiases { layer.biasRegularizer = regularizer }
        }
        for (_, layer) in sublayers { layer.setRegularizer(regularizer, includingBiases: includingBiases) }
    }
}
