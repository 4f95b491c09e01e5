import DescentPlot

/// What a run's image augmentation does, as a picture for `report.html`
/// (`augmented-samples.svg`): the first 8 training images in the top row and 4 rows of their
/// augmented variants below, drawn from a stream of their own (`seed + 7`), so that making the
/// picture changes nothing in training.
///
/// The images are shown as the model sees them (after the run's scaling), mapped to gray levels
/// by the smallest and largest value of the originals shown; images with other than 1 or 3
/// channels show their first channel.
enum AugmentationPreview {
    static let fileName = "augmented-samples.svg"

    /// The picture, or nil when the samples are not images or there are none.
    static func svg(_ augmentation: ImageAugmentation, images: Tensor, seed: UInt64) -> String? {
        guard images.rank == 4, images.shape[0] > 0 else { return nil }
        let (h, w, c) = (images.shape[1], images.shape[2], images.shape[3])
        let shown = images.slice(alongAxis: 0, 0..<Swift.min(8, images.shape[0]))
        let low = shown.scalars.min() ?? 0, high = shown.scalars.max() ?? 1
        let range = high > low ? high - low : 1
        let channels = c == 3 ? 3 : 1
        func pictures(_ batch: Tensor) -> [[Float]] {
            (0..<batch.shape[0]).map { n in
                (0..<(h * w)).flatMap { p in
                    (0..<channels).map { k in (batch.scalars[(n * h * w + p) * c + k] - low) / range }
                }
            }
        }
        var grid = ImageGrid(height: h, width: w, channels: channels, scale: Swift.max(1, 84 / Swift.max(h, w)))
        grid.addRow("original", images: pictures(shown))
        let generator = RandomGenerator(seed: seed &+ 7)
        for variant in 1...4 { grid.addRow("augmented \(variant)", images: pictures(augmentation(shown, using: generator))) }
        return grid.svg()
    }
}
