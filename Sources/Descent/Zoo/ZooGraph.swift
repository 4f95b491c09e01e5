import Foundation

/// A graph under construction with PyTorch module paths as node names, for the zoo's builders:
/// each `add` appends a node reading `inputs` (default: the node added last) and returns its
/// name.
struct ZooGraph {
    private(set) var nodes: [GraphModel.Node] = []
    /// The node added last (`input` at first).
    private(set) var last = GraphModel.inputName
    let generators: LayerGenerators
    /// Zero weights instead of drawn ones: a cheap build for counting parameters.
    let isSkeleton: Bool

    init(generators: LayerGenerators, isSkeleton: Bool = false) {
        self.generators = generators
        self.isSkeleton = isSkeleton
    }

    @discardableResult
    mutating func add(_ name: String, _ layer: any Layer, inputs: [String]? = nil) -> String {
        nodes.append(GraphModel.Node(name: name, layer: layer, inputs: inputs ?? [last]))
        last = name
        return name
    }

    /// A bias-free or biased convolution with PyTorch's symmetric padding and torchvision's
    /// initialization: He normal over fan_out = k_h·k_w·C_out, bias 0.
    @discardableResult
    mutating func conv(_ name: String, _ input: Int, _ output: Int, kernel: Int, stride: Int = 1, padding: Int? = nil,
                       groups: Int = 1, bias: Bool = false, inputs: [String]? = nil) -> String {
        let fanOut = Float(kernel * kernel * output)
        return add(name, Conv2D(inputChannels: input, outputChannels: output, kernelSize: (kernel, kernel), stride: (stride, stride),
                         padding: .uniform(padding ?? (kernel - 1) / 2), groups: groups, useBias: bias,
                         weightInitializer: isSkeleton ? .zeros : .normal(mean: 0, standardDeviation: (2 / fanOut).squareRoot()), biasInitializer: .zeros,
                         generator: generators.weights), inputs: inputs)
    }

    /// PyTorch's `BatchNorm2d` (m = 0.1, ε = 1e-5, γ = 1, β = 0).
    @discardableResult
    mutating func batchNorm(_ name: String, _ channels: Int) -> String { add(name, BatchNorm(featureCount: channels)) }

    @discardableResult
    mutating func activation(_ name: String, _ activation: Activation, inputs: [String]? = nil) -> String {
        add(name, ActivationLayer(activation), inputs: inputs)
    }

    /// PyTorch's `Linear` initialized as `init`: its default U(±1/√fan_in) for both weight and
    /// bias, or torchvision's N(0, 0.01) weights with zero bias.
    @discardableResult
    mutating func linear(_ name: String, _ input: Int, _ output: Int, smallNormal: Bool = false) -> String {
        let bound = 1 / Float(input).squareRoot()
        let weights: Initializer = smallNormal ? .normal(mean: 0, standardDeviation: 0.01) : .uniform(low: -bound, high: bound)
        let bias: Initializer = smallNormal ? .zeros : .uniform(low: -bound, high: bound)
        return add(name, Dense(inputSize: input, outputSize: output, weightInitializer: isSkeleton ? .zeros : weights,
                               biasInitializer: isSkeleton ? .zeros : bias, generator: generators.weights))
    }

    func model(inputShape: [Int]) throws -> GraphModel { try GraphModel(inputShape: inputShape, nodes: nodes) }
}
