import Foundation

/// The two bases of a `TransferStudy`: torchvision's MobileNetV2 with the weights of a
/// checkpoint, and the same network from a seeded random initialization (torchvision's: He
/// normal convolutions, BatchNorm γ = 1, β = 0, N(0, 0.01) classifier).
///
/// The architecture comes from the checkpoint: the classes are the rows of
/// `classifier.1.weight`, and the width multiplier α is the first of stem/32 (the stem has
/// `divisible(32α)` channels) and the published multipliers 1, 0.75, 0.5, 0.35, 0.25, 1.3, 1.4
/// under which the file loads strictly (`importPyTorchWeights(strict: true)`: every tensor,
/// name and shape, nothing left over).
///
///     let base = try TransferBase(weights: URL(fileURLWithPath: "mobilenet_v2-b0353104.pth"), inputShape: [64, 64, 3])
///     base.classes            // 1000
///     base.widthMultiplier    // 1.0
public struct TransferBase {
    public let pretrained: GraphModel
    public let scratch: GraphModel
    /// The classes of the checkpoint's classifier.
    public let classes: Int
    /// α of `ModelZoo.Scale.mobileNetWidth`.
    public let widthMultiplier: Double

    /// The multipliers tried after stem/32.
    static let publishedWidths = [1.0, 0.75, 0.5, 0.35, 0.25, 1.3, 1.4]

    /// Throws `DescentError.file` naming `weights` when it cannot be read as a PyTorch or
    /// safetensors file, when it is not a MobileNetV2 `state_dict`, or when no width loads it
    /// (the error of stem/32, which names the first tensor of the wrong shape).
    public init(weights: URL, inputShape: [Int], seed: UInt64 = 0) throws {
        let tensors: [String: Tensor]
        do { tensors = try GraphModel.pyTorchTensors(at: weights) } catch DescentError.file(_, let problem) {
            throw DescentError.file(path: weights.path, problem: "cannot be read as a PyTorch checkpoint (.pth) or safetensors file: \(problem)")
        }
        guard let stem = tensors["features.0.0.weight"], stem.rank == 4, let classifier = tensors["classifier.1.weight"], classifier.rank == 2 else {
            let keys = tensors.keys.sorted()
            throw DescentError.file(path: weights.path, problem: "is not a torchvision MobileNetV2 state_dict: it has no features.0.0.weight and classifier.1.weight (it holds \(keys.prefix(4).joined(separator: ", "))\(keys.count > 4 ? ", …" : ""))")
        }
        classes = classifier.shape[0]
        var firstError: Error?
        let stemWidth = Double(stem.shape[0]) / 32
        for width in [stemWidth] + Self.publishedWidths.filter({ $0 != stemWidth }) {
            let scale = ModelZoo.Scale(mobileNetWidth: width)
            let model = try ModelZoo.build("mobilenet_v2", classes: classes, inputShape: inputShape, scale: scale, generators: LayerGenerators(seed: seed))
            do {
                try model.importPyTorchWeights(from: weights, strict: true)
            } catch {
                firstError = firstError ?? error
                continue
            }
            pretrained = model
            scratch = try ModelZoo.build("mobilenet_v2", classes: classes, inputShape: inputShape, scale: scale, generators: LayerGenerators(seed: seed))
            widthMultiplier = width
            return
        }
        throw firstError!
    }

    /// The name of the first node of `block` (`features.14` → `features.14.conv.0.0`).
    public func firstNode(of block: String) throws -> String {
        guard let node = pretrained.nodes.first(where: { $0.name == block || $0.name.hasPrefix(block + ".") }) else {
            throw DescentError.invalidArgument(name: "unfreeze from", value: block, expected: "a block of MobileNetV2, features.0 … features.18")
        }
        return node.name
    }

    /// Saves `pretrained/` and `scratch/` into `folder`, with the ImageNet normalization.
    public func save(to folder: URL) throws {
        let preprocessing = try ModelZoo.imageNetPreprocessing
        try SavedModel(model: pretrained, preprocessing: preprocessing).save(to: folder.appendingPathComponent("pretrained"))
        try SavedModel(model: scratch, preprocessing: preprocessing).save(to: folder.appendingPathComponent("scratch"))
    }
}
