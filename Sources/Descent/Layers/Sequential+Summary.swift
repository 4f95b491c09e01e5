extension Sequential {
    /// Keras' `model.summary()`: one row per layer (index, `summaryName` and the layer's name
    /// in quotes when `names` has one, output shape, parameter count, trainable or frozen),
    /// then the input shape and the parameter totals (`GraphModel.summary` of the chain).
    ///
    ///     print(try model.summary(inputShape: [2]))
    ///     // #  Layer       Output shape  Params  Status
    ///     // ─────────────────────────────────────────
    ///     // 0  Dense(2→8)  (None, 8)     24      trainable
    ///
    /// Throws a `DescentError` when a layer cannot take its input's shape.
    public func summary(inputShape: [Int], names: [String?] = []) throws -> String {
        try GraphModel(chain: layers, inputShape: inputShape).summary(names: names)
    }
}
