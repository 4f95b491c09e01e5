import Foundation

/// One layer's health in one epoch, as `TrainingDiagnostics` measures it.
///
///     gradientNorm    ‖∂L/∂θ‖₂ over the layer's parameters, averaged over the epoch's batches
///     weightNorm      ‖θ‖₂ at the end of the epoch
///     updateRatio     ‖Δθ‖₂ / ‖θ‖₂ of one optimizer step, averaged over the batches (≈ 1e-3 is healthy)
///     activationMean, activationStd   of the layer's output on the probe batch
///     deadFraction    ReLU layers: units that output 0 for every probe sample
///     saturatedFraction  sigmoid/tanh layers: units in a flat zone (|tanh| > 0.99, σ ∉ [0.01, 0.99])
///                     for at least 95 % of the probe samples
///
/// Activation statistics come from the probe batch in evaluation mode at the end of the epoch,
/// not from every training batch: an approximation that costs one forward pass per epoch.
/// A "unit" is one element of a sample's output (a Dense column, a feature-map position).
public struct LayerDiagnostics: Codable, Equatable, Sendable {
    public var epoch: Int
    /// The layer's path in the model (`"0"`, `"2"`), as in its parameter paths `"0.weight"`.
    public var layer: String
    /// The layer's summary name, e.g. `Dense(2→64, relu)`.
    public var name: String
    public var gradientNorm: Double?
    public var weightNorm: Double?
    public var updateRatio: Double?
    public var activationMean: Double?
    public var activationStd: Double?
    public var deadFraction: Double?
    public var saturatedFraction: Double?

    public init(epoch: Int, layer: String, name: String) {
        self.epoch = epoch
        self.layer = layer
        self.name = name
    }

    /// The header of `diagnostics.csv`.
    public static let csvHeader = "epoch,layer,name,gradient_norm,weight_norm,update_ratio,activation_mean,activation_std,dead_fraction,saturated_fraction"

    /// One row of `diagnostics.csv` (empty cells where a quantity does not apply).
    public var csvRow: String {
        let numbers = [gradientNorm, weightNorm, updateRatio, activationMean, activationStd, deadFraction, saturatedFraction]
        let quotedName = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return ([String(epoch), layer, quotedName] + numbers.map { $0.map { "\($0)" } ?? "" }).joined(separator: ",")
    }
}
