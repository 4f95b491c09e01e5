extension ModelSpec {
    /// The layers of the MLP `descent train` builds from its flags, as `model:` entries: per
    /// hidden size a Dense (linear when batch-normalized) → [BatchNorm → activation] →
    /// [Dropout], then a linear Dense of `outputs` logits; every Dense weight starts from
    /// `initializer` and carries the L1/L2 penalty (Keras' `l1·Σ|w| + l2·Σw²`) when one is set.
    public static func multilayerPerceptron(hidden: [Int], outputs: Int, activation: String = "relu", batchNorm: Bool = false,
                                            dropout: Float = 0, l1: Float = 0, l2: Float = 0, initializer: String = "glorot-uniform") -> [ConfigNode] {
        let penalty: ConfigNode = l1 > 0 || l2 > 0 ? .object([("l1", l1.configNode), ("l2", l2.configNode)]) : ConfigNode(.null)
        func dense(_ units: Int, _ activation: String?) -> ConfigNode {
            .object([("type", "dense".configNode), ("units", units.configNode)] + (activation.map { [("activation", $0.configNode)] } ?? [])
                    + [("weight_initializer", initializer.configNode), ("weight_regularizer", penalty)])
        }
        var layers: [ConfigNode] = []
        for units in hidden {
            layers.append(dense(units, batchNorm ? "linear" : activation))
            if batchNorm { layers += [.object([("type", "batch_norm".configNode)]), .object([("type", "activation".configNode), ("activation", activation.configNode)])] }
            if dropout > 0 { layers.append(.object([("type", "dropout".configNode), ("rate", dropout.configNode)])) }
        }
        return layers + [dense(outputs, nil)]
    }
}
