import Foundation

extension TransferStudy {
    /// `count` images for an ImageNet network, made from `seed`, and their labels (0…9 in
    /// turn, so the first 10·k images hold k of each digit):
    ///
    ///     the 28×28 digits of `SyntheticData.make("digits-28", …)` in [0, 1]
    ///     → `imageSize`×`imageSize` by bilinear interpolation with half-pixel centres
    ///       (PyTorch's `interpolate(mode="bilinear", align_corners=False)`, OpenCV's INTER_LINEAR)
    ///     → the same value in 3 channels, [N, H, W, 3]
    ///     → round(255·v): bytes, as an 8-bit RGB image stores them
    public static func images(count: Int, seed: UInt64) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let digits = try SyntheticData.make("digits-28", samples: count, seed: seed)
        let size = digits.sampleShape[0]
        let source = digits.features.scalars
        var pixels: [UInt8] = []
        pixels.reserveCapacity(count * imageSize * imageSize * 3)
        for image in 0..<count {
            let resized = bilinear(source[(image * size * size)..<((image + 1) * size * size)], from: size, to: imageSize)
            for value in resized {
                let byte = UInt8((Swift.min(Swift.max(value, 0), 1) * 255).rounded())
                pixels.append(byte)
                pixels.append(byte)
                pixels.append(byte)
            }
        }
        return (pixels, digits.targets.scalars.map { UInt8($0) })
    }

    /// A square image of `from`×`from` values resized to `to`×`to`: output pixel d reads the
    /// source at s = (d + ½)·from/to − ½, clamped to [0, from − 1], and mixes its two
    /// neighbours on each axis linearly,
    ///
    ///     x(s) = (1 − λ)·x(⌊s⌋) + λ·x(min(⌊s⌋ + 1, from − 1)),   λ = s − ⌊s⌋
    static func bilinear(_ image: ArraySlice<Float>, from: Int, to: Int) -> [Float] {
        let start = image.startIndex
        let taps = (0..<to).map { d -> (Int, Int, Float) in
            let s = Swift.min(Swift.max((Float(d) + 0.5) * Float(from) / Float(to) - 0.5, 0), Float(from - 1))
            let low = Int(s)
            return (low, Swift.min(low + 1, from - 1), s - Float(low))
        }
        var out: [Float] = []
        out.reserveCapacity(to * to)
        for (top, bottom, fy) in taps {
            for (left, right, fx) in taps {
                let upper = (1 - fx) * image[start + top * from + left] + fx * image[start + top * from + right]
                let lower = (1 - fx) * image[start + bottom * from + left] + fx * image[start + bottom * from + right]
                out.append((1 - fy) * upper + fy * lower)
            }
        }
        return out
    }

    /// Writes `train-<k>-images.npy` and `train-<k>-labels.npy` for every k of `perClass`
    /// (nested: the first images of one set), and `validation-images.npy` and
    /// `validation-labels.npy` (from `seed + 1`): uint8, images [N, H, W, 3], labels [N].
    func writeData(to folder: URL) throws {
        try AtomicFile.prepareFolder(folder)
        let pixelsPerImage = Self.imageSize * Self.imageSize * 3
        let shape = { (count: Int) in [count, Self.imageSize, Self.imageSize, 3] }
        let train = try Self.images(count: Self.classes * perClass.max()!, seed: seed)
        for size in perClass {
            let count = Self.classes * size
            try AtomicFile.write(NPYFormat.file(bytes: Array(train.pixels.prefix(count * pixelsPerImage)), shape: shape(count)),
                                 to: folder.appendingPathComponent("train-\(size)-images.npy"))
            try AtomicFile.write(NPYFormat.file(bytes: Array(train.labels.prefix(count)), shape: [count]), to: folder.appendingPathComponent("train-\(size)-labels.npy"))
        }
        let count = Self.classes * validationPerClass
        let validation = try Self.images(count: count, seed: seed &+ 1)
        try AtomicFile.write(NPYFormat.file(bytes: validation.pixels, shape: shape(count)), to: folder.appendingPathComponent("validation-images.npy"))
        try AtomicFile.write(NPYFormat.file(bytes: validation.labels, shape: [count]), to: folder.appendingPathComponent("validation-labels.npy"))
    }
}
