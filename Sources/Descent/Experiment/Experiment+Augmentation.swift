/// The `augmentation:` section of an experiment: noise for any input, and the transformations
/// of `ImageAugmentation` for images [H, W, C], each drawn per sample from the run's seed
/// (`seed + 3`) and recorded in every checkpoint, so that a resumed run draws what an
/// uninterrupted one would.
///
///     augmentation:
///       input_noise: 0.05             # σ of x + σ·ε
///       horizontal_flip: 0.5          # probability of a mirror image
///       crop_padding: 4               # RandomCrop(padding=4): shift by up to 4 pixels
///       translation: 0.1              # up to 10 % of the height and width
///       translation_probability: 1
///       rotation: 10                  # θ uniform in [−10°, 10°]
///       rotation_probability: 1
///       cutout: 8                     # an 8×8 square set to 0
///       cutout_probability: 0.5
///
/// `descent train --augment horizontal-flip=0.5,crop-padding=4,cutout=8` sets the same keys.
extension Experiment {
    /// The image keys with their settings' paths, in the order the resolved experiment writes them.
    static let imageAugmentationKeys: [(String, WritableKeyPath<ImageAugmentation.Settings, Float>?, WritableKeyPath<ImageAugmentation.Settings, Int>?)] = [
        ("horizontal_flip", \.flipProbability, nil), ("crop_padding", nil, \.cropPadding), ("translation", \.translation, nil),
        ("translation_probability", \.translationProbability, nil), ("rotation", \.rotationDegrees, nil),
        ("rotation_probability", \.rotationProbability, nil), ("cutout", nil, \.cutoutSize), ("cutout_probability", \.cutoutProbability, nil),
    ]

    /// Every key of the `augmentation:` section.
    public static var augmentationKeys: [String] { ["input_noise"] + imageAugmentationKeys.map(\.0) }

    /// Reads and checks the `augmentation:` section.
    mutating func readAugmentation(_ section: ConfigObject) throws {
        inputNoise = try section.value("input_noise", default: Float(0))
        try section.check(inputNoise >= 0 && inputNoise.isFinite, "input_noise", "a finite number ≥ 0")
        var settings = ImageAugmentation.Settings()
        for (key, real, integer) in Self.imageAugmentationKeys {
            if let real { settings[keyPath: real] = try section.value(key, default: settings[keyPath: real]) }
            if let integer { settings[keyPath: integer] = try section.value(key, default: settings[keyPath: integer]) }
            var checked = settings
            checked.noiseStandardDeviation = 0
            if let invalid = checked.invalidSetting { throw section.error(key, "expected \(invalid.expected), got \(invalid.value)") }
        }
        imageAugmentation = settings
        try section.rejectUnknownKeys()
    }

    /// The section as `resolvedNode` writes it: every key, defaults filled in.
    var augmentationNode: ConfigNode {
        var pairs: [(String, ConfigNode)] = [("input_noise", inputNoise.configNode)]
        for (key, real, integer) in Self.imageAugmentationKeys {
            if let real { pairs.append((key, imageAugmentation[keyPath: real].configNode)) }
            if let integer { pairs.append((key, imageAugmentation[keyPath: integer].configNode)) }
        }
        return .object(pairs)
    }

    /// The trainer's augmentation for samples of `sampleShape`, drawing from `seed + 3`: the
    /// image transformations (with the input noise) when any is set, else the input noise alone,
    /// else none. Throws when image transformations meet samples that are not images.
    func makeAugmentation(sampleShape: [Int]) throws -> (any Augmentation)? {
        let generator = RandomGenerator(seed: seed &+ 3)
        if !imageAugmentation.isIdentity {
            guard sampleShape.count == 3 else {
                let (given, defaults) = (imageAugmentation, ImageAugmentation.Settings())
                let key = Self.imageAugmentationKeys.first { _, real, integer in
                    real.map { given[keyPath: $0] != defaults[keyPath: $0] } ?? integer.map { given[keyPath: $0] != defaults[keyPath: $0] } ?? false
                }?.0 ?? "horizontal_flip"
                throw DescentError.config(file: file, keyPath: "augmentation.\(key)", line: nil,
                                          problem: "applies to images [H, W, C]; the samples have shape \(sampleShape) (use input_noise for other data)")
            }
            var settings = imageAugmentation
            settings.noiseStandardDeviation = inputNoise
            return ImageAugmentation(settings, generator: generator)
        }
        return inputNoise > 0 ? FeatureNoise(standardDeviation: inputNoise, generator: generator) : nil
    }
}
