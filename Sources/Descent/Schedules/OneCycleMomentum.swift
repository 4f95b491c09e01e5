/// The momentum half of a `OneCycle`: μ_max → μ_base while the rate rises, back to μ_max
/// while it anneals (see `OneCycle` for the formula). Drive it with a `MomentumScheduler`.
public struct OneCycleMomentum: Schedule {
    public let cycle: OneCycle

    public func callAsFunction(_ step: Int) -> Float { cycle.momentumValue(at: step) }

    public var description: String {
        "one-cycle-momentum(base=\(cycle.baseMomentum), max=\(cycle.maximumMomentum), total_steps=\(cycle.totalSteps))"
    }
}
