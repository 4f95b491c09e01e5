import Foundation

extension ModelZoo {
    /// A zoo network ready to save as a model folder (what `descent zoo build` writes): a
    /// classifier of `classes` classes named "0" … "K−1", softmax cross-entropy as its loss,
    /// torchvision's ImageNet normalization as its preprocessing, and the weights of
    /// `weights` (a PyTorch `.pth` or safetensors `state_dict` of the same network, loaded
    /// strictly) or else torchvision's initialization from `seed`. Throws before anything is
    /// written for a bad name, size or checkpoint.
    public static func savedModel(_ name: String, classes: Int, inputShape: [Int], weights: URL? = nil, seed: UInt64 = 0) throws -> SavedModel {
        let model = try build(name, classes: classes, inputShape: inputShape, generators: LayerGenerators(seed: seed))
        if let weights {
            guard FileManager.default.fileExists(atPath: weights.path) else {
                throw DescentError.file(path: weights.path, problem: "no such file; give a PyTorch .pth or safetensors state_dict of \(name)")
            }
            try model.importPyTorchWeights(from: weights, strict: true)
        }
        return SavedModel(model: model, classNames: (0..<classes).map(String.init), lossName: "softmax_cross_entropy",
                          metricNames: ["accuracy"], preprocessing: try imageNetPreprocessing)
    }
}
