@testable import Descent
import Foundation
import Testing

/// The config registries of `Sources/Descent/Experiment/`: rules (`RuleRegistry`,
/// `OptimizerConfig`), schedules (`ScheduleRegistry`, `ScheduleConfig`) and callbacks
/// (`CallbackRegistry`).
@Suite struct RegistryTests {
    // MARK: Helpers

    /// The section `yaml` at `path`, as an experiment would hand it over.
    static func section(_ yaml: String, path: String) throws -> ConfigObject {
        try ConfigObject(ConfigNode.parse(yaml, file: "t.yaml"), file: "t.yaml", path: path)
    }

    static func optimizer(_ yaml: String) throws -> OptimizerConfig {
        try OptimizerConfig(section(yaml, path: "optimizer"))
    }

    static func schedule(_ yaml: String) throws -> ScheduleConfig {
        try ScheduleConfig(section(yaml, path: "schedule"))
    }

    /// The description of the `DescentError.config` that `body` throws, or a text saying what
    /// happened instead (which no expectation below accepts).
    static func configError(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch let error as DescentError {
            guard case .config = error else { return "not a config error: \(error)" }
            return error.description
        } catch {
            return "not a DescentError: \(error)"
        }
    }

    /// The YAML text of a rule's settings, for comparing `configOptions`.
    static func text(_ options: [(String, ConfigNode)]) -> String { ConfigNode.object(options).yamlText }

    /// Every registered rule built with its Swift (PyTorch) defaults.
    static let swiftDefaults: [String: any ConfigurableRule] = [
        "sgd": SGD(), "adagrad": AdaGrad(), "adadelta": Adadelta(), "rmsprop": RMSProp(), "adam": Adam(), "adamax": AdaMax(),
        "nadam": Nadam(), "adamw": AdamW(), "sgdw": SGDW(), "radam": RAdam(), "lion": Lion(),
    ]

    // MARK: RuleRegistry and OptimizerConfig

    @Test func everyRegisteredRuleHasSwiftDefaultsInThisTest() {
        #expect(Set(RuleRegistry.names) == Set(Self.swiftDefaults.keys))
        #expect(RuleRegistry.names.count == Set(RuleRegistry.names).count, "a name is registered twice")
        #expect(RuleRegistry.type(named: "adam") == Adam.self)
        #expect(RuleRegistry.type(named: "adamm") == nil)
    }

    @Test(arguments: RuleRegistry.names)
    func configDefaultsAreTheLibraryDefaults(name: String) throws {
        let config = try Self.optimizer("type: \(name)\n")
        let rule = try #require(Self.swiftDefaults[name], "no Swift defaults for \(name)")
        #expect(type(of: config.rule).typeName == name)
        #expect(type(of: config.rule) == type(of: rule))
        #expect(Self.text(config.rule.configOptions) == Self.text(rule.configOptions))
        #expect(config.learningRate == type(of: rule).defaultLearningRate)
        #expect(config.weightDecay == 0 && !config.isDecoupled && config.clipping == nil && config.groups.isEmpty)
    }

    static let nonDefaultOptimizers = [
        "type: sgd\nlearning_rate: 0.05\nmomentum: 0.9\nnesterov: true\n",
        "type: sgd\nmomentum: 0.8\ndampening: 0.2\nweight_decay: 0.0005\ndecoupled: true\nclip_value: 0.5\n",
        "type: sgd\nmomentum: 0.9\nmomentum_form: keras\n",
        "type: sgdw\nmomentum: 0.9\nweight_decay: 0.02\n",
        "type: adam\nbeta1: 0.8\nbeta2: 0.99\nepsilon: 1.0e-6\namsgrad: true\nweight_decay: 0.01\n",
        "type: adamw\nlearning_rate: 0.002\nweight_decay: 0.05\nclip_norm: 1\n",
        "type: rmsprop\nalpha: 0.9\ncentered: true\nmomentum: 0.5\n",
        "type: adagrad\ninitial_accumulator_value: 0.1\nlr_decay: 0.01\nepsilon: 1.0e-7\n",
        "type: adadelta\nrho: 0.95\nepsilon: 1.0e-5\n",
        "type: adamax\nbeta1: 0.85\n",
        "type: nadam\nmomentum_decay: 0.005\n",
        "type: radam\nbeta2: 0.98\n",
        "type: lion\nbeta1: 0.95\nbeta2: 0.98\nlearning_rate: 0.0003\n",
    ]

    @Test(arguments: nonDefaultOptimizers)
    func optimizerNodeReadsBackToTheSameText(yaml: String) throws {
        let config = try Self.optimizer(yaml)
        let again = try OptimizerConfig(ConfigObject(config.node, file: "t", path: "optimizer"))
        #expect(again.node.yamlText == config.node.yamlText)
        // The settings really are not the defaults (so the round trip carries something).
        let defaults = try Self.optimizer("type: \(type(of: config.rule).typeName)\n")
        #expect(config.node.yamlText != defaults.node.yamlText)
    }

    @Test func roundTripKeepsTheValuesThemselves() throws {
        let config = try Self.optimizer("type: adamw\nweight_decay: 0.05\nclip_norm: 1\n")
        let again = try OptimizerConfig(ConfigObject(config.node, file: "t", path: "optimizer"))
        let rule = try #require(again.rule as? AdamW)
        #expect(rule.weightDecay == 0.05)
        guard case .globalNorm(let c)? = again.clipping else { Issue.record("clipping \(String(describing: again.clipping))"); return }
        #expect(c == 1)
        let sgd = try #require(try Self.optimizer("type: sgd\nmomentum: 0.9\nnesterov: true\n").rule as? SGD)
        #expect(sgd.momentum == 0.9 && sgd.isNesterov && sgd.dampening == 0 && sgd.form == .pytorch)
        let rms = try #require(try Self.optimizer("type: rmsprop\ncentered: true\nalpha: 0.9\n").rule as? RMSProp)
        #expect(rms.alpha == 0.9 && rms.isCentered)
        #expect(try Self.optimizer("type: rmsprop\nrho: 0.8\n").rule.configOptions.first?.1.yamlText
                == RMSProp(alpha: 0.8).configOptions.first?.1.yamlText, "rho is Keras' name for alpha")
    }

    @Test func outOfRangeValuesNameTheKeyPathAndTheValue() {
        let message = Self.configError { _ = try Self.optimizer("type: adam\nbeta1: 1.5\n") }
        #expect(message.contains("optimizer.beta1"), "\(message)")
        #expect(message.contains("1.5 must lie in [0, 1)"), "\(message)")
        #expect(message == "t.yaml:2: optimizer.beta1: 1.5 must lie in [0, 1)")
        let rate = Self.configError { _ = try Self.optimizer("type: sgd\nlearning_rate: -0.1\n") }
        #expect(rate.contains("optimizer.learning_rate") && rate.contains("must be a positive number"), "\(rate)")
    }

    @Test func unknownKeysAndRulesAreNamed() {
        let typo = Self.configError { _ = try Self.optimizer("type: adam\nbeta_1: 0.8\n") }
        #expect(typo.contains("optimizer.beta_1") && typo.contains("unknown key"), "\(typo)")
        #expect(typo.contains("beta1"), "the message lists the keys adam takes: \(typo)")
        let foreign = Self.configError { _ = try Self.optimizer("type: adam\nmomentum: 0.9\n") }
        #expect(foreign.contains("optimizer.momentum") && foreign.contains("unknown key"), "\(foreign)")
        let rule = Self.configError { _ = try Self.optimizer("type: adamm\n") }
        #expect(rule.contains("optimizer.type") && rule.contains("unknown optimizer 'adamm'"), "\(rule)")
        // AdamW owns its weight decay; `decoupled` belongs to the rules that do not.
        let decoupled = Self.configError { _ = try Self.optimizer("type: adamw\ndecoupled: true\n") }
        #expect(decoupled.contains("optimizer.decoupled") && decoupled.contains("unknown key"), "\(decoupled)")
    }

    @Test func conflictingSettingsAreRejected() {
        let clip = Self.configError { _ = try Self.optimizer("type: sgd\nclip_value: 0.5\nclip_norm: 1\n") }
        #expect(clip.contains("clip_") && clip.contains("not both"), "\(clip)")
        let stranger = Self.configError { _ = try Self.optimizer("type: sgd\nmomentum: 1.0\n") }
        #expect(stranger.contains("optimizer.momentum") && stranger.contains("1.0 must lie in [0, 1)"), "\(stranger)")
    }

    /// Whether the optimizer `yaml` throws a config error naming `key` and containing `text`;
    /// run in a child process because the library currently traps there instead of throwing.
    static func throwsNaming(_ yaml: String, _ key: String, _ text: String) -> Bool {
        let message = configError { _ = try optimizer(yaml) }
        return message.contains(key) && message.contains(text)
    }

    /// SGD's own checks run before `SGD.init`, whose preconditions guard programmer errors.
    @Test func invalidSGDSettingsThrowInsteadOfTrapping() {
        #expect(Self.throwsNaming("type: sgd\nnesterov: true\n", "optimizer.nesterov", "needs momentum"))
        #expect(Self.throwsNaming("type: sgd\nmomentum: 0.9\ndampening: 0.1\nnesterov: true\n", "optimizer.nesterov", "no dampening"))
        #expect(Self.throwsNaming("type: sgd\nmomentum: 0.9\ndampening: 0.1\nmomentum_form: keras\n", "optimizer.dampening", "momentum_form pytorch"))
        #expect(Self.throwsNaming("type: rmsprop\nalpha: 0.9\nrho: 0.9\n", "optimizer.rho", "not both"))
    }

    @Test func cyclesMomentumOnlyWhereThereIsMomentum() throws {
        #expect(try Self.optimizer("type: adam\n").cyclesMomentum)
        #expect(try Self.optimizer("type: sgd\nmomentum: 0.9\n").cyclesMomentum)
        #expect(try !Self.optimizer("type: sgd\n").cyclesMomentum)
        #expect(try !Self.optimizer("type: adagrad\n").cyclesMomentum)
    }

    /// θ after each step of the optimizer `yaml` builds, on θ₀ = 1 with gradient 1 each step.
    static func trajectory(_ yaml: String, steps: Int = 2) throws -> [Float] {
        let parameter = Parameter(Tensor([1]))
        let optimizer = try Self.optimizer(yaml).makeOptimizer([(path: "θ", parameter: parameter)])
        return (0..<steps).map { _ in
            parameter.gradient = Tensor([1])
            optimizer.update()
            optimizer.zeroGradients()
            return parameter.value.scalars[0]
        }
    }

    @Test func sgdMomentumGoldenSteps() throws {
        // PyTorch SGD momentum, η = 0.1, μ = 0.9, g = 1:
        // b₁ = g = 1;               θ₁ = 1 − 0.1·1     = 0.9
        // b₂ = 0.9·1 + 1 = 1.9;     θ₂ = 0.9 − 0.1·1.9 = 0.71
        expectClose(try Self.trajectory("type: sgd\nlearning_rate: 0.1\nmomentum: 0.9\n"), [0.9, 0.71])
    }

    @Test func weightDecayIsCoupledUnlessDecoupled() throws {
        // Coupled, η = 0.1, μ = 0.9, λ = 0.1, g = 1:
        // g₁ = 1 + 0.1·1 = 1.1;      b₁ = 1.1;                    θ₁ = 1 − 0.11 = 0.89
        // g₂ = 1 + 0.1·0.89 = 1.089; b₂ = 0.9·1.1 + 1.089 = 2.079; θ₂ = 0.89 − 0.2079 = 0.6821
        expectClose(try Self.trajectory("type: sgd\nlearning_rate: 0.1\nmomentum: 0.9\nweight_decay: 0.1\n"), [0.89, 0.6821])
        // Decoupled: θ ← (1 − ηλ)θ = 0.99θ, then the step with the raw g:
        // b₁ = 1;   θ₁ = 0.99·1 − 0.1·1 = 0.89
        // b₂ = 1.9; θ₂ = 0.99·0.89 − 0.1·1.9 = 0.8811 − 0.19 = 0.6911
        expectClose(try Self.trajectory("type: sgd\nlearning_rate: 0.1\nmomentum: 0.9\nweight_decay: 0.1\ndecoupled: true\n"), [0.89, 0.6911])
        // Without momentum: coupled θ − η(g + λθ) = (1 − ηλ)θ − ηg, the same as decoupled:
        // θ₁ = 0.99 − 0.1 = 0.89; θ₂ = 0.99·0.89 − 0.1 = 0.7811
        expectClose(try Self.trajectory("type: sgd\nlearning_rate: 0.1\nweight_decay: 0.1\n"), [0.89, 0.7811])
    }

    // MARK: ScheduleRegistry and ScheduleConfig

    /// One schedule config and the same schedule built in Swift, with η = 0.1 and a horizon of 20.
    struct ScheduleCase: CustomStringConvertible, Sendable {
        var yaml: String
        var make: @Sendable () throws -> any Schedule
        var description: String { yaml.replacingOccurrences(of: "\n", with: "; ") }
        var typeName: String { String(yaml.split(separator: "\n")[0].dropFirst("type: ".count)) }
    }

    static let scheduleCases: [ScheduleCase] = [
        ScheduleCase(yaml: "type: constant\n") { try ConstantSchedule(learningRate: 0.1) },
        ScheduleCase(yaml: "type: piecewise\nboundaries: \"2,4\"\nvalues: \"0.1,0.01,0.001\"\n") {
            try PiecewiseConstantDecay(boundaries: [2, 4], values: [0.1, 0.01, 0.001])
        },
        ScheduleCase(yaml: "type: piecewise\nboundaries: [3, 7]\nvalues: [0.5, 0.25, 0.125]\n") {
            try PiecewiseConstantDecay(boundaries: [3, 7], values: [0.5, 0.25, 0.125])
        },
        ScheduleCase(yaml: "type: step\nstep_size: 3\ngamma: 0.5\n") { try StepDecay(initialLearningRate: 0.1, stepSize: 3, gamma: 0.5) },
        ScheduleCase(yaml: "type: multistep\nmilestones: [2, 5]\n") { try MultiStepDecay(initialLearningRate: 0.1, milestones: [2, 5]) },
        ScheduleCase(yaml: "type: multistep\nmilestones: \"2, 5\"\ngamma: 0.5\n") {
            try MultiStepDecay(initialLearningRate: 0.1, milestones: [2, 5], gamma: 0.5)
        },
        ScheduleCase(yaml: "type: exponential\nk: 0.1\n") { try ExponentialDecay(initialLearningRate: 0.1, k: 0.1) },
        ScheduleCase(yaml: "type: exponential\ndecay_rate: 0.5\ndecay_steps: 4\nstaircase: true\n") {
            try ExponentialDecay(initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 4, isStaircase: true)
        },
        ScheduleCase(yaml: "type: inverse-time\nk: 0.1\n") { try InverseTimeDecay(initialLearningRate: 0.1, k: 0.1) },
        ScheduleCase(yaml: "type: polynomial\ntotal_steps: 10\n") { try PolynomialDecay(initialLearningRate: 0.1, totalSteps: 10) },
        ScheduleCase(yaml: "type: polynomial\npower: 2\nend_lr: 0.01\n") {
            try PolynomialDecay(initialLearningRate: 0.1, totalSteps: 20, power: 2, endLearningRate: 0.01)
        },
        ScheduleCase(yaml: "type: cosine\nt_max: 10\nmin_lr: 0.01\n") {
            try CosineDecay(initialLearningRate: 0.1, decaySteps: 10, minimumLearningRate: 0.01)
        },
        ScheduleCase(yaml: "type: cosine\n") { try CosineDecay(initialLearningRate: 0.1, decaySteps: 20) },
        ScheduleCase(yaml: "type: cosine-restarts\nt0: 5\n") { try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 5) },
        ScheduleCase(yaml: "type: cosine-restarts\nt0: 3\nt_mult: 2\nmin_lr: 0.001\nrestart_decay: 0.5\n") {
            try CosineDecayRestarts(initialLearningRate: 0.1, firstPeriod: 3, periodMultiplier: 2, minimumLearningRate: 0.001, peakDecay: 0.5)
        },
        ScheduleCase(yaml: "type: cyclic\nmax_lr: 0.1\nstep_size_up: 4\n") {
            try CyclicalLearningRate(baseLearningRate: 0.1, maximumLearningRate: 0.1, stepSizeUp: 4)
        },
        ScheduleCase(yaml: "type: cyclic\nbase_lr: 0.01\nmax_lr: 0.1\nstep_size_up: 4\nstep_size_down: 2\nmode: exp-range\ngamma: 0.9\n") {
            try CyclicalLearningRate(baseLearningRate: 0.01, maximumLearningRate: 0.1, stepSizeUp: 4, stepSizeDown: 2, mode: .exponentialRange(gamma: 0.9))
        },
        ScheduleCase(yaml: "type: one-cycle\nmax_lr: 0.1\ntotal_steps: 20\n") { try OneCycle(maximumLearningRate: 0.1, totalSteps: 20) },
        ScheduleCase(yaml: "type: one-cycle\nanneal: linear\npct_start: 0.25\n") {
            try OneCycle(maximumLearningRate: 0.1, totalSteps: 20, warmupFraction: 0.25, annealing: .linear)
        },
    ]

    @Test(arguments: scheduleCases)
    func scheduleConfigMatchesTheSwiftSchedule(_ scheduleCase: ScheduleCase) throws {
        let config = try Self.schedule(scheduleCase.yaml)
        #expect(config.typeName == scheduleCase.typeName)
        #expect(config.granularity == .step)
        let built = try config.makeSchedule(learningRate: 0.1, horizon: 20)
        let direct = try scheduleCase.make()
        #expect(type(of: built) == type(of: direct))
        let (a, b) = ((0..<20).map { built($0) }, (0..<20).map { direct($0) })
        #expect(a == b)
        #expect(built.description == direct.description)
    }

    @Test func theScheduleCasesCoverEveryRegisteredSchedule() {
        #expect(Set(Self.scheduleCases.map(\.typeName)) == Set(ScheduleRegistry.names))
        #expect(ScheduleRegistry.names.count == 11 && ScheduleRegistry.names.count == Set(ScheduleRegistry.names).count)
        #expect(ScheduleRegistry.type(named: "cosine") == CosineDecay.self)
        #expect(ScheduleRegistry.type(named: "cosin") == nil)
    }

    @Test func warmupGoesInFrontOfABaseOverTheRestOfTheRun() throws {
        let config = try Self.schedule("type: cosine\nwarmup_steps: 5\n")
        let built = try config.makeSchedule(learningRate: 0.1, horizon: 20)
        let direct = try CosineDecay(initialLearningRate: 0.1, decaySteps: 15).withWarmup(steps: 5)
        #expect((0..<20).map { built($0) } == (0..<20).map { direct($0) })
        #expect(built(0) == 0 && built(5) == 0.1)
        let shaped = try Self.schedule("type: step\nstep_size: 3\nwarmup_steps: 4\nwarmup_start_factor: 0.1\nwarmup_shape: cosine\n")
            .makeSchedule(learningRate: 0.1, horizon: 20)
        let shapedDirect = try StepDecay(initialLearningRate: 0.1, stepSize: 3).withWarmup(steps: 4, startFactor: 0.1, shape: .cosine)
        #expect((0..<20).map { shaped($0) } == (0..<20).map { shapedDirect($0) })
        let orphan = Self.configError { try Self.schedule("type: cosine\nwarmup_shape: cosine\n").validate(learningRate: 0.1, horizon: 20) }
        #expect(orphan.contains("schedule.warmup_steps"), "\(orphan)")
    }

    @Test func unitSetsTheGranularity() throws {
        #expect(try Self.schedule("type: step\nstep_size: 3\nunit: epoch\n").granularity == .epoch)
        #expect(try Self.schedule("type: step\nstep_size: 3\nunit: step\n").granularity == .step)
        let unit = Self.configError { _ = try Self.schedule("type: step\nstep_size: 3\nunit: batch\n") }
        #expect(unit.contains("schedule.unit") && unit.contains("'batch'"), "\(unit)")
    }

    @Test func scheduleErrorsNameWhatIsWrong() {
        let unknown = Self.configError { _ = try Self.schedule("type: cosinus\n") }
        #expect(unknown.contains("schedule.type") && unknown.contains("unknown schedule 'cosinus'"), "\(unknown)")
        let foreign = Self.configError { _ = try Self.schedule("type: cosine\nt0: 5\n") }
        #expect(foreign.contains("schedule.t0") && foreign.contains("does not apply to the cosine schedule"), "\(foreign)")
        let missing = Self.configError { try Self.schedule("type: step\n").validate(learningRate: 0.1, horizon: 20) }
        #expect(missing.contains("schedule.step_size: is needed by the step schedule"), "\(missing)")
        #expect(missing.hasPrefix("t.yaml"), "\(missing)")
        let bad = Self.configError { try Self.schedule("type: piecewise\nboundaries: \"2,x\"\nvalues: \"0.1,0.01,0.001\"\n").validate(learningRate: 0.1, horizon: 20) }
        #expect(bad.contains("schedule.boundaries"), "\(bad)")
        // An argument the schedule's initializer rejects becomes a config error naming its key
        // (base_lr defaults to the optimizer's 0.1, above max_lr).
        let impossible = Self.configError { try Self.schedule("type: cyclic\nmax_lr: 0.01\nstep_size_up: 4\n").validate(learningRate: 0.1, horizon: 20) }
        #expect(impossible.contains("schedule.base_lr: is 0.1; expected at most the maximum learning rate 0.01"), "\(impossible)")
        let gamma = Self.configError { _ = try Self.schedule("type: cyclic\nmax_lr: 0.2\nstep_size_up: 4\ngamma: 0.9\n").makeSchedule(learningRate: 0.1, horizon: 20) }
        #expect(gamma.contains("schedule.gamma") && gamma.contains("exp-range"), "\(gamma)")
    }

    // MARK: CallbackRegistry

    static let callbackEntries = [
        "type: early_stopping\n",
        "type: early_stopping\nmonitor: val_accuracy\npatience: 3\nmin_delta: 0.001\nmode: max\nbaseline: 0.5\nrestore_best_weights: true\nstart_from_epoch: 2\n",
        "type: reduce_lr_on_plateau\n",
        "type: reduce_lr_on_plateau\nmonitor: loss\nfactor: 0.5\npatience: 2\nthreshold: 0.01\nthreshold_mode: abs\ncooldown: 1\nmin_lr: 0.0001\nconvention: keras\n",
        "type: terminate_on_nan\n",
    ]

    @Test(arguments: callbackEntries)
    func callbackConfigNodeReadsBackToTheSameText(yaml: String) throws {
        let callback = try CallbackRegistry.make(Self.section(yaml, path: "callbacks[0]"))
        let typeName = String(yaml.split(separator: "\n")[0].dropFirst("type: ".count))
        #expect(type(of: callback).typeName == typeName)
        let again = try CallbackRegistry.make(ConfigObject(callback.configNode, file: "t", path: "callbacks[0]"))
        #expect(type(of: again) == type(of: callback))
        #expect(again.configNode.yamlText == callback.configNode.yamlText)
        #expect(callback.configNode.yamlText.contains("type: \(typeName)"))
    }

    @Test func callbackSettingsAreRead() throws {
        let stopping = try #require(try CallbackRegistry.make(Self.section(Self.callbackEntries[1], path: "callbacks[0]")) as? EarlyStopping)
        #expect(stopping.patience == 3 && stopping.restoresBestWeights && stopping.baseline == 0.5 && stopping.startFromEpoch == 2)
        let plateau = try #require(try CallbackRegistry.make(Self.section(Self.callbackEntries[3], path: "callbacks[0]")) as? ReduceLROnPlateau)
        #expect(plateau.factor == 0.5 && plateau.patience == 2 && plateau.cooldown == 1 && plateau.mode == .min)
    }

    @Test func plateauAutoModeFollowsTheMonitor() throws {
        let accuracy = try CallbackRegistry.make(Self.section("type: reduce_lr_on_plateau\nmode: auto\nmonitor: val_accuracy\n", path: "callbacks[0]"))
        #expect((accuracy as? ReduceLROnPlateau)?.mode == .max)
        let loss = try CallbackRegistry.make(Self.section("type: reduce_lr_on_plateau\nmonitor: val_loss\n", path: "callbacks[0]"))
        #expect((loss as? ReduceLROnPlateau)?.mode == .min)
    }

    @Test func callbackErrorsNameTheKey() {
        let patience = Self.configError { _ = try CallbackRegistry.make(Self.section("type: early_stopping\npatience: -1\n", path: "callbacks[0]")) }
        #expect(patience.contains("callbacks[0].patience") && patience.contains("-1"), "\(patience)")
        let plateau = Self.configError { _ = try CallbackRegistry.make(Self.section("type: reduce_lr_on_plateau\npatience: -1\n", path: "callbacks[1]")) }
        #expect(plateau.contains("callbacks[1].patience"), "\(plateau)")
        let unknown = Self.configError { _ = try CallbackRegistry.make(Self.section("type: early_stoping\n", path: "callbacks[0]")) }
        #expect(unknown.contains("callbacks[0].type") && unknown.contains("unknown callback 'early_stoping'"), "\(unknown)")
        let typo = Self.configError { _ = try CallbackRegistry.make(Self.section("type: terminate_on_nan\npatience: 2\n", path: "callbacks[0]")) }
        #expect(typo.contains("callbacks[0].patience"), "\(typo)")
    }
}
