/// A callback whose decisions depend on what it saw in earlier epochs (early-stopping
/// counters, the best value so far, a plateau's cooldown), so that a resumed run must get that
/// state back to continue exactly. `TrainingCheckpointer` saves it with every checkpoint and
/// restores it after `trainingWillBegin` (which resets most callbacks).
public protocol StatefulCallback: Callback {
    /// A name unique among the callbacks of one run, e.g. `"early_stopping"`.
    var stateKey: String { get }
    /// The state now. `model` lets a callback store weight snapshots by parameter path.
    func checkpointState(model: any Layer) -> CallbackState
    /// Puts back a state made by `checkpointState`; throws when it does not fit.
    func restoreState(_ state: CallbackState, model: any Layer) throws
}

/// The saved state of one callback: numbers (absent for "none yet") and tensors.
public struct CallbackState {
    public var values: [String: Double]
    public var tensors: [String: Tensor]

    public init(values: [String: Double] = [:], tensors: [String: Tensor] = [:]) {
        self.values = values
        self.tensors = tensors
    }

    /// The integer under `key`, throwing when it is missing.
    func integer(_ key: String, of callback: String) throws -> Int {
        guard let value = values[key] else {
            throw DescentError.invalidArgument(name: "\(callback) checkpoint state", value: "missing '\(key)'", expected: "the keys \(values.keys.sorted())")
        }
        guard value == value.rounded(), value >= 0, value < 1e12 else {   // counters and epochs; an edited file may hold anything
            throw DescentError.invalidArgument(name: "\(callback) checkpoint state '\(key)'", value: "\(value)", expected: "a count from 0 to 10¹²")
        }
        return Int(value)
    }
}

extension ParameterSnapshot {
    /// The snapshot's values by parameter path of `model`.
    func tensors(of model: any Layer) -> [String: Tensor] {
        let current = ParameterSnapshot(of: model)
        restore()
        defer { current.restore() }
        return model.weightTensors
    }

    /// A snapshot holding `tensors` for the parameters of `model` (which keeps its values).
    static func make(_ tensors: [String: Tensor], of model: any Layer, source: String) throws -> ParameterSnapshot {
        let current = ParameterSnapshot(of: model)
        defer { current.restore() }
        try model.loadWeights(tensors, source: source)
        return ParameterSnapshot(of: model)
    }
}
