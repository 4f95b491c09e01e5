import Foundation

/// torchvision's classification networks with torchvision's structure and parameter names, so
/// that a `state_dict` (`.pth`, safetensors) of theirs loads by name: `vgg11`, `vgg11_bn`,
/// `vgg16`, `vgg16_bn`, `resnet18`, `resnet34`, `resnet50`, `mobilenet_v2`. Any number of
/// classes; any input of at least 32×32 pixels (the networks halve the image five times) and
/// any channel count (3 for ImageNet weights).
///
/// ```swift
/// let model = try ModelZoo.build("resnet18", classes: 10, inputShape: [32, 32, 3])
/// try model.importPyTorchWeights(from: URL(fileURLWithPath: "resnet18.pth"), strict: true)
/// ```
///
/// Reduced widths (`Scale`) give the same structure with fewer channels, for tests and small
/// experiments; their rules are those of `Benchmarks/zoo/torch_zoo.py`.
public enum ModelZoo {
    /// Channel scaling; the defaults are torchvision's networks.
    public struct Scale: Equatable, Sendable {
        /// ResNet's base width w (stages of w, 2w, 4w, 8w channels); torchvision's is 64.
        public var resNetWidth = 64
        /// VGG's convolution channels are divided by this; 1 in torchvision.
        public var vggDivisor = 1
        /// VGG's classifier hidden size; 4096 in torchvision.
        public var vggHidden = 4096
        /// MobileNetV2's width multiplier α; 1 in torchvision.
        public var mobileNetWidth = 1.0

        public init(resNetWidth: Int = 64, vggDivisor: Int = 1, vggHidden: Int = 4096, mobileNetWidth: Double = 1.0) {
            (self.resNetWidth, self.vggDivisor, self.vggHidden, self.mobileNetWidth) = (resNetWidth, vggDivisor, vggHidden, mobileNetWidth)
        }

        public static let torchvision = Scale()
    }

    /// The architectures, in the order `descent zoo list` shows them.
    public static let names = ["vgg11", "vgg11_bn", "vgg16", "vgg16_bn", "resnet18", "resnet34", "resnet50", "mobilenet_v2"]

    /// The smallest input height and width each network takes (its total stride).
    public static let minimumInputSize = 32

    /// The network `name` for `classes` outputs and samples of `inputShape` ([H, W, C]).
    /// Throws a one-line error for an unknown name, fewer than one class, or an input the
    /// network cannot take (not [H, W, C], or smaller than 32×32).
    public static func build(_ name: String, classes: Int, inputShape: [Int], scale: Scale = .torchvision,
                             generators: LayerGenerators = LayerGenerators(seed: 0)) throws -> GraphModel {
        try build(name, classes: classes, inputShape: inputShape, scale: scale, graph: ZooGraph(generators: generators))
    }

    /// The number of learnable parameters (weights and biases, not BatchNorm's running
    /// statistics, as torch counts `parameters()`) of `build(name, …)`, from a build with
    /// zero weights.
    public static func parameterCount(_ name: String, classes: Int = 1000, inputShape: [Int] = [224, 224, 3], scale: Scale = .torchvision) throws -> Int {
        let skeleton = ZooGraph(generators: LayerGenerators(seed: 0), isSkeleton: true)
        return try build(name, classes: classes, inputShape: inputShape, scale: scale, graph: skeleton).learnableParameters.reduce(0) { $0 + $1.value.count }
    }

    private static func build(_ name: String, classes: Int, inputShape: [Int], scale: Scale, graph start: ZooGraph) throws -> GraphModel {
        guard names.contains(name) else {
            throw DescentError.invalidArgument(name: "model", value: name, expected: "one of \(names.joined(separator: ", "))")
        }
        guard classes >= 1 else { throw DescentError.invalidArgument(name: "classes", value: String(classes), expected: "an integer ≥ 1") }
        guard inputShape.count == 3, inputShape.allSatisfy({ $0 >= 1 }) else {
            throw DescentError.invalidArgument(name: "input shape", value: "\(inputShape)", expected: "[height, width, channels], e.g. [224, 224, 3]")
        }
        guard inputShape[0] >= minimumInputSize && inputShape[1] >= minimumInputSize else {
            throw DescentError.invalidArgument(name: "input shape", value: "\(inputShape)",
                                               expected: "at least \(minimumInputSize)×\(minimumInputSize) pixels for \(name), which halves the image 5 times; resize the images")
        }
        let channels = inputShape[2]
        let graph: ZooGraph
        switch name {
        case "resnet18": graph = ResNet.build(blocks: [2, 2, 2, 2], block: .basic, classes: classes, channels: channels, width: scale.resNetWidth, graph: start)
        case "resnet34": graph = ResNet.build(blocks: [3, 4, 6, 3], block: .basic, classes: classes, channels: channels, width: scale.resNetWidth, graph: start)
        case "resnet50": graph = ResNet.build(blocks: [3, 4, 6, 3], block: .bottleneck, classes: classes, channels: channels, width: scale.resNetWidth, graph: start)
        case "mobilenet_v2": graph = MobileNetV2.build(classes: classes, channels: channels, widthMultiplier: scale.mobileNetWidth, graph: start)
        default:
            guard 64 % scale.vggDivisor == 0 else {
                throw DescentError.invalidArgument(name: "vgg divisor", value: String(scale.vggDivisor), expected: "a divisor of 64")
            }
            graph = VGG.build(configuration: name.hasPrefix("vgg11") ? VGG.configurationA : VGG.configurationD, batchNorm: name.hasSuffix("_bn"),
                              classes: classes, channels: channels, divisor: scale.vggDivisor, hidden: scale.vggHidden, graph: start)
        }
        return try graph.model(inputShape: inputShape)
    }

    /// `descent zoo list`: one line per architecture with its parameter count at 1000 classes
    /// and 224×224×3, e.g. `resnet18        11,689,512 parameters`.
    public static func listing() throws -> String {
        let width = names.map(\.count).max()!
        return try names.map { name in
            let digits = String(try parameterCount(name))
            let grouped = digits.enumerated().map { index, digit in (index > 0 && (digits.count - index) % 3 == 0 ? "," : "") + String(digit) }.joined()
            return name.padded(width) + "  " + grouped.leftPadded(12) + " parameters"
        }.joined(separator: "\n")
    }

    /// The ImageNet normalization torchvision's weights expect, as a saved model stores it.
    public static var imageNetPreprocessing: ConfigNode {
        get throws { try ConfigNode.parse(String(decoding: try JSONEncoder().encode(Preprocessing.imageNet), as: UTF8.self), file: "preprocessing") }
    }
}
