/// Whether a monitored metric improves by going down or up.
///
/// `auto` is Keras' rule: `max` when the key's name contains `acc` or `auc`, `min` otherwise.
/// An improvement must beat the reference by more than `minDelta`, an absolute amount:
///
///     min:  current < reference − minDelta        max:  current > reference + minDelta
///
/// NaN never improves.
public enum MonitorMode: String, Codable, Sendable {
    case min, max, auto

    /// `min` or `max` for `key`.
    public func resolved(for key: MetricKey) -> MonitorMode {
        guard self == .auto else { return self }
        let name = key.rawValue.lowercased()
        return name.contains("acc") || name.contains("auc") ? .max : .min
    }

    /// True when `current` beats `reference` by more than `minDelta` (mode resolved first).
    public func isImprovement(_ current: Double, over reference: Double?, minDelta: Double = 0, key: MetricKey) -> Bool {
        guard !current.isNaN else { return false }
        guard let reference else { return true }
        switch resolved(for: key) {
        case .max: return current - minDelta > reference
        default: return current + minDelta < reference
        }
    }
}

/// The values of every parameter of a model, restorable later (copy-on-write: a snapshot costs a
/// reference per tensor until the optimizer writes).
struct ParameterSnapshot {
    private let values: [(Parameter, Tensor)]

    init(of model: any Layer) { values = model.parameters.map { ($0.parameter, $0.parameter.value) } }

    func restore() { for (parameter, value) in values { parameter.value = value } }
}
